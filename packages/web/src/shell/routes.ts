export type RouteKey = 'selfAssessment' | 'notFound';

/** The navigation entries of the public portal (only pages that exist). */
export const NAV_ITEMS: readonly { key: RouteKey; label: string; href: string }[] = [
  { key: 'selfAssessment', label: '自测', href: '/' },
];

const SELF_ASSESSMENT_PATHS = new Set(['/', '/index.html', '/self-assessment', '/self-assessment/']);

export function routeFor(pathname: string): RouteKey {
  return SELF_ASSESSMENT_PATHS.has(pathname) ? 'selfAssessment' : 'notFound';
}
