import { LogOut } from "lucide-react";
import { Button, type ButtonProps } from "@/components/ui/button";
import { signOutAction } from "@/app/login/actions";

/** A plain form post, so signing out works even before the page's JavaScript has loaded. */
export function SignOutButton({ variant = "ghost", className }: { variant?: ButtonProps["variant"]; className?: string }) {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant={variant} className={className}>
        <LogOut aria-hidden="true" />
        Sign out
      </Button>
    </form>
  );
}
