/**
 * Every page of the web app: its path, its navigation entry (if any) and what it renders. Add a page here.
 */
import type { ReactNode } from 'react';
import { AccountPage } from './portals/account/AccountPage';
import { LoginPage } from './portals/account/LoginPage';
import { RegisterPage } from './portals/account/RegisterPage';
import { SelfAssessmentPage } from './portals/public/SelfAssessmentPage';
import type { RouteDef } from './shell/routes';

export interface PageDef extends RouteDef {
  render: (params: Record<string, string>) => ReactNode;
}

export const PAGES: readonly PageDef[] = [
  {
    key: 'selfAssessment',
    path: '/',
    aliases: ['/self-assessment'],
    nav: { label: '自测', audience: 'public' },
    render: () => <SelfAssessmentPage />,
  },
  { key: 'login', path: '/login', render: () => <LoginPage /> },
  { key: 'register', path: '/register', render: () => <RegisterPage /> },
  { key: 'account', path: '/account', render: () => <AccountPage /> },
];
