export type RouteKey = 'selfAssessment' | 'login' | 'register' | 'account' | 'notFound';

/** The navigation entries of the public portal (only pages that exist). */
export const NAV_ITEMS: readonly { key: RouteKey; label: string; href: string }[] = [
  { key: 'selfAssessment', label: '自测', href: '/' },
];

const SELF_ASSESSMENT_PATHS = new Set(['/', '/index.html', '/self-assessment', '/self-assessment/']);
const ACCOUNT_PATHS: Readonly<Record<string, RouteKey>> = {
  '/login': 'login',
  '/register': 'register',
  '/account': 'account',
};

export function routeFor(pathname: string): RouteKey {
  if (SELF_ASSESSMENT_PATHS.has(pathname)) return 'selfAssessment';
  const trimmed = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  return ACCOUNT_PATHS[trimmed] ?? 'notFound';
}
