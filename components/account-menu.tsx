"use client";
import * as React from "react";
import { ChevronDown, LogOut } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

/** Who is signed in, in which role (platform role in the console, tenant role in the portal), and sign out. */
export function AccountMenu({
  email,
  roleLabel,
  roleTone = "violet",
  signOut,
}: {
  email: string;
  roleLabel: string;
  roleTone?: React.ComponentProps<typeof Badge>["tone"];
  signOut: () => Promise<void>;
}) {
  const [pending, startTransition] = React.useTransition();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="gap-2 px-1.5" aria-label={`Account: ${email} (${roleLabel})`}>
          <span aria-hidden="true" className="grid size-6 place-items-center rounded-full bg-primary/15 text-xs font-semibold text-primary">
            {email.charAt(0).toUpperCase()}
          </span>
          <span className="max-w-48 truncate max-md:hidden">{email}</span>
          <ChevronDown className="text-muted-foreground" aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-64">
        <DropdownMenuLabel className="grid gap-1">
          <span className="truncate text-sm font-medium text-foreground">{email}</span>
          <span>
            <Badge tone={roleTone}>{roleLabel}</Badge>
          </span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem disabled={pending} onSelect={() => startTransition(() => signOut())}>
          <LogOut aria-hidden="true" />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
