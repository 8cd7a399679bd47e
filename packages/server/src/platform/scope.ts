/**
 * Data scopes: what each actor may see. An enterprise (its legal-person account, or an agent acting for it)
 * sees its own; an agency's staff see the enterprises whose registered region routes to their agency (the
 * region itself or its nearest ancestor in the agency's jurisdiction); a province administrator sees the
 * province; a national administrator sees all. Routes declare who may call them (`config.policy`); these
 * functions decide which rows they may touch.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Actor } from './access.js';
import { AppError } from './errors.js';

export interface StaffScope {
  all: boolean;
  provinceCodes: string[];
  agencyIds: number[];
}

/** The union of the actor's staff roles' scopes (empty for enterprise accounts). */
export function staffScope(actor: Actor): StaffScope {
  const scope: StaffScope = { all: false, provinceCodes: [], agencyIds: [] };
  for (const r of actor.roles) {
    if (r.role === 'nationalAdmin') scope.all = true;
    else if (r.role === 'provinceAdmin' && r.provinceCode) scope.provinceCodes.push(r.provinceCode);
    else if ((r.role === 'agencyReviewer' || r.role === 'agencyHead') && r.agencyId !== null)
      scope.agencyIds.push(r.agencyId);
  }
  return scope;
}

/**
 * The region codes whose enterprises the actor's staff roles cover, or 'all'. Regions routed to an agency:
 * its jurisdiction's regions and their descendants, except where a descendant is another agency's — and, as
 * the routing (AgencyService.agencyForRegion) first follows a withdrawn code to its successor, a withdrawn code
 * belongs where its successor does, not where its old parent does (华亭县 620824 → 华亭市 620881).
 */
export async function regionCodesInScope(db: Kysely<Database>, actor: Actor): Promise<'all' | string[]> {
  const scope = staffScope(actor);
  if (scope.all) return 'all';
  const codes = new Set<string>();
  if (scope.provinceCodes.length > 0) {
    const rows = await sql<{ code: string }>`
      with recursive tree as (
        select code from region where code in (${sql.join(scope.provinceCodes)})
        union
        select r.code from region r join tree on r.parent_code = tree.code
      )
      select code from tree`.execute(db);
    for (const row of rows.rows) codes.add(row.code);
  }
  if (scope.agencyIds.length > 0) {
    const rows = await sql<{ code: string }>`
      with recursive routed as (
        select region_code as code from agency_jurisdiction where agency_id in (${sql.join(scope.agencyIds)})
        union
        select r.code from region r join routed on r.parent_code = routed.code
        where r.replaced_by is null and not exists (select 1 from agency_jurisdiction j where j.region_code = r.code)
      ),
      predecessors as (
        select code from routed
        union
        select r.code from region r join predecessors p on r.replaced_by = p.code
      )
      select code from predecessors`.execute(db);
    for (const row of rows.rows) codes.add(row.code);
  }
  return [...codes];
}

/** Whether the actor may see this enterprise (by its id and registered region). */
export async function canSeeEnterprise(
  db: Kysely<Database>,
  actor: Actor,
  enterprise: { id: number; regionCode: string },
): Promise<boolean> {
  if (actor.kind !== 'staff') return actor.enterprise?.id === enterprise.id;
  const codes = await regionCodesInScope(db, actor);
  return codes === 'all' || codes.includes(enterprise.regionCode);
}

/**
 * Throw 404 unless the actor may see the enterprise: outside one's scope an enterprise is as good as absent
 * (a 403 would confirm that it exists).
 */
export async function assertEnterpriseInScope(
  db: Kysely<Database>,
  actor: Actor,
  enterprise: { id: number; regionCode: string } | undefined,
): Promise<void> {
  if (!enterprise || !(await canSeeEnterprise(db, actor, enterprise))) {
    throw new AppError(404, 'not_found', '未找到该企业，或不在您的管辖范围内');
  }
}

/**
 * Whether the actor may manage this agency — change it, grant its roles: its province's administrator or a
 * national administrator. (Its own staff may see it, not manage it: see canSeeAgency.)
 */
export function canManageAgency(actor: Actor, agency: { id: number; provinceCode: string }): boolean {
  const scope = staffScope(actor);
  return scope.all || scope.provinceCodes.includes(agency.provinceCode);
}

/** Whether the actor may see this agency: whoever may manage it, and its own staff. */
export function canSeeAgency(actor: Actor, agency: { id: number; provinceCode: string }): boolean {
  return canManageAgency(actor, agency) || staffScope(actor).agencyIds.includes(agency.id);
}
