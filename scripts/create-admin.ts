// `npm run admin:create -- --email a@b.c --password '…' [--role admin|viewer|none]`
// Creates a console user, or resets the password and role of an existing one (a lost admin password
// is recovered this way). `none` makes a user with no platform role (a tenant member to be).
import { parseArgs } from "node:util";
import { openCommandDatabase } from "./db-env";

const ROLES = ["admin", "viewer", "none"] as const;
type Role = (typeof ROLES)[number];

const USAGE = "Usage: npm run admin:create -- --email <email> --password <password> [--role admin|viewer|none]";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function parse(): { email: string; password: string; role: Role } {
  let values: { email?: string; password?: string; role?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: "string" },
        password: { type: "string" },
        role: { type: "string", default: "admin" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail(`${e instanceof Error ? e.message : e}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.email) fail(`--email is required.\n${USAGE}`);
  if (!values.password) fail(`--password is required.\n${USAGE}`);
  if (!ROLES.includes(values.role as Role)) fail(`--role must be one of: ${ROLES.join(", ")} (got "${values.role}").`);
  return { email: values.email, password: values.password, role: values.role as Role };
}

async function main() {
  const args = parse();
  // Validate before touching (or starting) a database, so bad input fails fast and changes nothing.
  const { emailSchema, passwordSchema } = await import("../lib/auth/users");
  const problems = [
    ...(emailSchema.safeParse(args.email).success ? [] : [`--email: ${emailSchema.safeParse(args.email).error?.issues[0]?.message}`]),
    ...(passwordSchema.safeParse(args.password).success ? [] : [`--password: ${passwordSchema.safeParse(args.password).error?.issues[0]?.message}`]),
  ];
  if (problems.length) fail(problems.join("\n"));

  const database = await openCommandDatabase();
  try {
    const { upsertPlatformUser } = await import("../lib/auth/users");
    const r = await upsertPlatformUser(args.email, args.password, args.role);
    const email = args.email.trim().toLowerCase();
    console.log(`${r.created ? "Created" : "Updated"} ${email} (${r.id}) with role ${args.role} in the ${database.description}.`);
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  console.error(`admin:create failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
