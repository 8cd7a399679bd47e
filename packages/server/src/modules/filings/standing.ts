/**
 * What an actor is to a filing — its enterprise (or the agent acting for it), a reviewer or head of the agency it
 * was submitted to, its province's administrator (or a national one) — and the data scope that follows: whoever
 * is none of these gets 404, as if the filing did not exist.
 */
import type { Actor } from '../../platform/access.js';
import { AppError } from '../../platform/errors.js';
import type { Standing } from './lifecycle.js';

export interface FilingPlacement {
  enterpriseId: number;
  agencyId: number | null;
  provinceCode: string;
}

export function standingOf(actor: Actor, filing: FilingPlacement): Standing {
  let reviewer = false;
  let agencyHead = false;
  let province = false;
  for (const r of actor.roles) {
    if (r.role === 'nationalAdmin') province = true;
    else if (r.role === 'provinceAdmin' && r.provinceCode === filing.provinceCode) province = true;
    else if (filing.agencyId !== null && r.agencyId === filing.agencyId) {
      if (r.role === 'agencyReviewer') reviewer = true;
      if (r.role === 'agencyHead') {
        reviewer = true;
        agencyHead = true;
      }
    }
  }
  return {
    accountId: actor.accountId,
    enterprise: actor.kind !== 'staff' && actor.enterprise?.id === filing.enterpriseId,
    reviewer,
    agencyHead,
    province,
  };
}

export function canSee(standing: Standing): boolean {
  return standing.enterprise || standing.reviewer || standing.province;
}

export const FILING_NOT_FOUND = '未找到该参评信息表，或不在您的管辖范围内';

/** The actor's standing, or 404 when the filing is outside the actor's scope (or absent). */
export function requireStanding(actor: Actor, filing: FilingPlacement | undefined | null): Standing {
  const standing = filing ? standingOf(actor, filing) : null;
  if (!standing || !canSee(standing)) throw new AppError(404, 'not_found', FILING_NOT_FOUND);
  return standing;
}
