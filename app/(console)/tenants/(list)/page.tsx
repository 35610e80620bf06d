import type { Metadata } from "next";
import Link from "next/link";
import { Building2, Plus, SearchX } from "lucide-react";
import { requireConsolePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { isDomainError } from "@/lib/errors";
import { listTenants, type TenantPage } from "@/lib/tenants/service";
import { PageHeader } from "@/components/page-header";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/empty-state";
import { TenantFilters } from "./filters";
import { TenantTable } from "./tenant-table";
import { listHref, parseListView } from "./params";

export const metadata: Metadata = { title: "Tenants" };

const PAGE_SIZE = 25;

export default async function TenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const view = parseListView(await searchParams);
  const p = await requireConsolePage("platform:read", listHref(view));
  const canWrite = can(p, "platform:write");

  let page: TenantPage | null = null;
  try {
    // Deleted tenants stay out of the list unless asked for by the status filter.
    page = await listTenants({ ...view, limit: PAGE_SIZE }, { allowDeleted: true });
  } catch (e) {
    // A stale or hand-edited cursor is the only input that can still be refused here.
    if (!isDomainError(e) || e.code !== "invalid_request") throw e;
  }
  const filtered = Boolean(view.q || view.status || view.plan);
  const createButton = canWrite ? (
    <Button asChild>
      <Link href="/tenants/new">
        <Plus aria-hidden="true" />
        Create tenant
      </Link>
    </Button>
  ) : null;

  return (
    <>
      <PageHeader title="Tenants" description="Every customer organisation on your platform." actions={createButton} />
      <TenantFilters />
      <Card>
        {page === null ? (
          <EmptyState
            icon={<SearchX />}
            title="This page link is no longer valid"
            action={
              <Button asChild variant="outline">
                <Link href={listHref({ ...view, cursor: undefined })}>First page</Link>
              </Button>
            }
          />
        ) : page.data.length === 0 ? (
          filtered || view.cursor ? (
            <EmptyState
              icon={<SearchX />}
              title="No tenants match"
              description={view.q ? <>Nothing matches “{view.q}” with these filters.</> : "No tenant has this status and plan."}
              action={
                <Button asChild variant="outline">
                  <Link href="/tenants">Clear filters</Link>
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={<Building2 />}
              title="No tenants yet"
              description={canWrite ? "Create the first tenant to provision its data and hand out keys." : "Tenants appear here once an admin creates them."}
              action={createButton}
            />
          )
        ) : (
          <TenantTable tenants={page.data} />
        )}
      </Card>
      {page && (view.cursor || page.next_cursor) ? (
        <nav aria-label="Pagination" className="mt-3 flex items-center justify-end gap-2">
          {view.cursor ? (
            <Button asChild variant="outline" size="sm">
              <Link href={listHref({ ...view, cursor: undefined })}>First page</Link>
            </Button>
          ) : null}
          {page.next_cursor ? (
            <Button asChild variant="outline" size="sm">
              <Link href={listHref({ ...view, cursor: page.next_cursor })}>Next</Link>
            </Button>
          ) : (
            <Button variant="outline" size="sm" disabled>
              Next
            </Button>
          )}
        </nav>
      ) : null}
    </>
  );
}
