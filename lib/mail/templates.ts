// Message texts. Plain text first (what the outbox page shows); HTML is the same content, escaped.

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function invitationEmail(v: { tenantName: string; role: string; link: string; inviter: string; expiresAt: Date }) {
  const expires = v.expiresAt.toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const subject = `You're invited to ${v.tenantName} on Tenantry`;
  const text = [
    `${v.inviter} invited you to join ${v.tenantName} as ${v.role}.`,
    "",
    "Accept the invitation:",
    v.link,
    "",
    `The link works once and expires on ${expires}. If you did not expect this email, ignore it.`,
  ].join("\n");
  const html = `<p>${escapeHtml(v.inviter)} invited you to join <strong>${escapeHtml(v.tenantName)}</strong> as ${escapeHtml(v.role)}.</p>
<p><a href="${escapeHtml(v.link)}">Accept the invitation</a></p>
<p style="color:#666">The link works once and expires on ${escapeHtml(expires)}. If you did not expect this email, ignore it.</p>`;
  return { subject, text, html };
}
