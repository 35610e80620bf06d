// SMTP delivery through nodemailer, only when SMTP_URL is set (e.g. smtp://user:pass@mail.example:587).
// Without it mail stays in the outbox table, which platform admins read in the console, so the
// invitation flow works on a bare machine.
import nodemailer, { type Transporter } from "nodemailer";

type Globals = { __tenantryMail?: { url: string; transport: Transporter } };
const g = globalThis as Globals;

export function smtpConfigured(): boolean {
  return !!process.env.SMTP_URL;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM || "Tenantry <no-reply@tenantry.local>";
}

/** One pooled transport per process, rebuilt if SMTP_URL changes (tests point it at a local server). */
export function smtpTransport(): Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (g.__tenantryMail?.url !== url) {
    g.__tenantryMail?.transport.close();
    g.__tenantryMail = { url, transport: nodemailer.createTransport(url) };
  }
  return g.__tenantryMail.transport;
}
