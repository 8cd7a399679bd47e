/**
 * Routing by pathname (plain links, no client router): a page is matched by its path pattern, where a segment
 * `:name` matches any one segment and is handed to the page as a parameter.
 */
export type StaffRoleName = 'nationalAdmin' | 'provinceAdmin' | 'agencyReviewer' | 'agencyHead';

/** Who sees a page's entry in the navigation (the server enforces access; this only hides what is useless). */
export type NavAudience =
  { audience: 'public' } | { audience: 'enterprise' } | { audience: 'staff'; roles?: readonly StaffRoleName[] };

export interface RouteDef {
  key: string;
  /** e.g. '/staff/enterprises/:id' */
  path: string;
  /** Further paths that open the same page. */
  aliases?: readonly string[];
  /** Its navigation entry; `group: 'admin'` puts it under 系统管理 (a menu), keeping the bar to the daily work. */
  nav?: { label: string; group?: 'admin' } & NavAudience;
}

export interface RouteMatch {
  key: string;
  params: Record<string, string>;
}

function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = pathname.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] as string;
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(actual);
    else if (segment !== actual) return null;
  }
  return params;
}

export function matchRoute(routes: readonly RouteDef[], pathname: string): RouteMatch {
  const path = pathname === '/index.html' ? '/' : pathname;
  for (const route of routes) {
    for (const pattern of [route.path, ...(route.aliases ?? [])]) {
      const params = matchPath(pattern, path);
      if (params !== null) return { key: route.key, params };
    }
  }
  return { key: 'notFound', params: {} };
}
