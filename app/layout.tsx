import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = { title: { default: "Tenantry", template: "%s · Tenantry" } };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased text-sm">{children}</body>
    </html>
  );
}
