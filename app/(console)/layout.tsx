import Link from "next/link";
import { currentPrincipal } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { Logo } from "@/components/logo";
import { SidebarNav } from "@/components/console/sidebar-nav";
import { MobileNav } from "@/components/console/mobile-nav";
import { Breadcrumbs } from "@/components/console/breadcrumbs";
import { CrumbProvider } from "@/components/console/crumbs";
import { JumpBox } from "@/components/console/jump-box";
import { AccountMenu } from "@/components/account-menu";
import { signOutAction } from "@/app/login/actions";
import { jumpSearch } from "./actions";

// The console frame. Access is decided by each page (requireConsolePage): layouts do not re-render on
// client navigation, so they are no protection on their own, and only the page knows its own URL for
// the sign-in callback. Without a console role the frame is simply not drawn; the page redirects.
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const p = await currentPrincipal();
  if (!p || !can(p, "platform:read")) return <>{children}</>;
  return (
    <CrumbProvider>
      <div className="flex min-h-screen">
        <aside className="sticky top-0 hidden h-screen w-56 shrink-0 flex-col gap-5 border-r border-border bg-muted/30 px-3 py-4 md:flex">
          <Link href="/" className="px-2.5" aria-label="Tenantry dashboard">
            <Logo />
          </Link>
          <SidebarNav />
        </aside>
        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-40 flex h-12 items-center gap-2 border-b border-border bg-background/90 px-3 backdrop-blur sm:gap-3 sm:px-5">
            <MobileNav />
            <div className="min-w-0 flex-1 max-sm:hidden">
              <Breadcrumbs />
            </div>
            <div className="flex min-w-0 flex-1 justify-end sm:flex-none">
              <JumpBox search={jumpSearch} />
            </div>
            <AccountMenu
              email={p.email}
              roleLabel={p.platformRole === "admin" ? "Admin" : p.platformRole === "viewer" ? "Viewer" : p.platformRole}
              roleTone={p.platformRole === "admin" ? "violet" : "neutral"}
              signOut={signOutAction}
            />
          </header>
          <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:px-6">{children}</main>
        </div>
      </div>
    </CrumbProvider>
  );
}
