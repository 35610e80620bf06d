"use client";
import Link from "next/link";
import { Check, ChevronsUpDown } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { ROLE_LABEL, type RoleName } from "./types";

export interface SwitcherTenant {
  slug: string;
  name: string;
  role: RoleName;
}

/** The tenant's name; a menu of the member's other tenants when they belong to several. */
export function TenantSwitcher({ current, tenants }: { current: { slug: string; name: string }; tenants: SwitcherTenant[] }) {
  if (tenants.length < 2) {
    return <span className="truncate text-sm font-semibold">{current.name}</span>;
  }
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" className="min-w-0 gap-1.5 px-2 font-semibold" aria-label={`Tenant: ${current.name}. Switch tenant`}>
          <span className="truncate">{current.name}</span>
          <ChevronsUpDown className="text-muted-foreground" aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel>Your tenants</DropdownMenuLabel>
        <DropdownMenuSeparator />
        {tenants.map((t) => (
          <DropdownMenuItem key={t.slug} asChild>
            <Link href={`/t/${t.slug}`} aria-current={t.slug === current.slug ? "true" : undefined}>
              <Check className={t.slug === current.slug ? "" : "invisible"} aria-hidden="true" />
              <span className="min-w-0 flex-1 truncate">{t.name}</span>
              <span className="text-xs text-muted-foreground">{ROLE_LABEL[t.role]}</span>
            </Link>
          </DropdownMenuItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
