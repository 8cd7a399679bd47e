/**
 * Every page of the web app: its path, its navigation entry (if any) and what it renders. Add a page here.
 */
import type { ReactNode } from 'react';
import { AccountPage } from './portals/account/AccountPage';
import { LoginPage } from './portals/account/LoginPage';
import { RegisterPage } from './portals/account/RegisterPage';
import { AccountLookupPage } from './portals/account/AccountLookupPage';
import { AppealPage, AppealStatusPage } from './portals/account/AppealPage';
import { ForgotPasswordPage } from './portals/account/ForgotPasswordPage';
import { SecurityPage } from './portals/account/SecurityPage';
import { AppealQueuePage } from './portals/staff/AppealQueuePage';
import { RealNamePage } from './portals/account/RealNamePage';
import { RealNameQueuePage } from './portals/staff/RealNameQueuePage';
import { AgentsPage } from './portals/enterprise/AgentsPage';
import { EnterpriseProfilePage } from './portals/enterprise/EnterpriseProfilePage';
import { FilingOverviewPage } from './portals/enterprise/filing/FilingOverviewPage';
import { FilingPage } from './portals/enterprise/filing/FilingPage';
import { VersionPage } from './portals/enterprise/filing/VersionPage';
import { ObjectionFormPage, ObjectionStatusPage } from './portals/public/ObjectionPage';
import { RegistryDetailPage, RegistrySearchPage } from './portals/public/RegistryPage';
import { SelfAssessmentPage } from './portals/public/SelfAssessmentPage';
import { AnnouncementPage, PublicBatchPage, PublicityListPage } from './portals/public/publicity/PublicityPages';
import { PublicityAdminPage, PublicityBatchAdminPage } from './portals/staff/publicity/PublicityAdminPages';
import { ObjectionDetailPage } from './portals/staff/ObjectionDetailPage';
import { ObjectionQueuePage } from './portals/staff/ObjectionQueuePage';
import { MessagesPage } from './portals/account/MessagesPage';
import { AuditLogPage } from './portals/staff/AuditLogPage';
import { OutboxPage } from './portals/staff/OutboxPage';
import { AgenciesPage } from './portals/staff/AgenciesPage';
import { CampaignsPage } from './portals/staff/CampaignsPage';
import { StaffAccountsPage } from './portals/staff/StaffAccountsPage';
import { StaffEnterpriseDetailPage, StaffEnterprisesPage } from './portals/staff/StaffEnterprisesPage';
import { ProgressPage } from './portals/staff/review/ProgressPage';
import { ReviewPage } from './portals/staff/review/ReviewPage';
import { ReviewQueuePage } from './portals/staff/review/ReviewQueuePage';
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
  {
    key: 'publicity',
    path: '/publicity',
    nav: { label: '公示公告', audience: 'public' },
    render: () => <PublicityListPage />,
  },
  { key: 'publicityBatch', path: '/publicity/:id', render: (params) => <PublicBatchPage id={params.id ?? ''} /> },
  {
    key: 'announcement',
    path: '/announcements/:id',
    render: (params) => <AnnouncementPage id={params.id ?? ''} />,
  },
  { key: 'login', path: '/login', render: () => <LoginPage /> },
  { key: 'register', path: '/register', render: () => <RegisterPage /> },
  { key: 'forgotPassword', path: '/forgot-password', render: () => <ForgotPasswordPage /> },
  { key: 'accountLookup', path: '/account-lookup', render: () => <AccountLookupPage /> },
  { key: 'appeal', path: '/appeal', render: () => <AppealPage /> },
  { key: 'appealStatus', path: '/appeal/status', render: () => <AppealStatusPage /> },
  { key: 'accountSecurity', path: '/account/security', render: () => <SecurityPage /> },
  { key: 'objectionNew', path: '/objection/new', render: () => <ObjectionFormPage /> },
  { key: 'objectionStatus', path: '/objection/status', render: () => <ObjectionStatusPage /> },
  {
    key: 'staffAppeals',
    path: '/staff/appeals',
    nav: { label: '申诉审核', group: 'admin', audience: 'staff', roles: ['nationalAdmin', 'provinceAdmin'] },
    render: () => <AppealQueuePage />,
  },
  { key: 'account', path: '/account', render: () => <AccountPage /> },
  { key: 'realName', path: '/account/real-name', render: () => <RealNamePage /> },
  {
    key: 'enterprise',
    path: '/enterprise',
    nav: { label: '企业信息', audience: 'enterprise' },
    render: () => <EnterpriseProfilePage />,
  },
  {
    key: 'filing',
    path: '/filing',
    nav: { label: '参评填报', audience: 'enterprise' },
    render: () => <FilingOverviewPage />,
  },
  {
    key: 'filingDetail',
    path: '/filing/:id',
    render: (params) => <FilingPage id={params.id ?? ''} />,
  },
  {
    key: 'filingVersion',
    path: '/filing/:id/versions/:no',
    render: (params) => <VersionPage id={params.id ?? ''} no={params.no ?? ''} />,
  },
  {
    key: 'enterpriseAgents',
    path: '/enterprise/agents',
    nav: { label: '代办人管理', audience: 'enterprise' },
    render: () => <AgentsPage />,
  },
  {
    key: 'staffRealName',
    path: '/staff/real-name',
    nav: { label: '实名核验', group: 'admin', audience: 'staff', roles: ['provinceAdmin', 'nationalAdmin'] },
    render: () => <RealNameQueuePage />,
  },
  { key: 'messages', path: '/messages', render: () => <MessagesPage /> },
  {
    key: 'staffAudit',
    path: '/staff/audit',
    nav: { label: '审计日志', group: 'admin', audience: 'staff', roles: ['nationalAdmin'] },
    render: () => <AuditLogPage />,
  },
  {
    key: 'staffOutbox',
    path: '/staff/outbox',
    nav: { label: '发件箱', group: 'admin', audience: 'staff', roles: ['nationalAdmin', 'provinceAdmin'] },
    render: () => <OutboxPage />,
  },
  {
    key: 'staffFilings',
    path: '/staff/filings',
    nav: {
      label: '信息表审核',
      audience: 'staff',
      roles: ['agencyReviewer', 'agencyHead', 'provinceAdmin', 'nationalAdmin'],
    },
    render: () => <ReviewQueuePage />,
  },
  {
    key: 'staffFiling',
    path: '/staff/filings/:id',
    render: (params) => <ReviewPage id={params.id ?? ''} />,
  },
  {
    key: 'staffFilingProgress',
    path: '/staff/filing-progress',
    nav: { label: '审核进度', audience: 'staff', roles: ['provinceAdmin', 'nationalAdmin'] },
    render: () => <ProgressPage />,
  },
  {
    key: 'staffEnterprises',
    path: '/staff/enterprises',
    nav: {
      label: '企业查询',
      audience: 'staff',
      roles: ['nationalAdmin', 'provinceAdmin', 'agencyHead', 'agencyReviewer'],
    },
    render: () => <StaffEnterprisesPage />,
  },
  {
    key: 'staffEnterprise',
    path: '/staff/enterprises/:id',
    render: (params) => <StaffEnterpriseDetailPage id={params.id ?? ''} />,
  },
  {
    key: 'staffAgencies',
    path: '/staff/agencies',
    nav: {
      label: '评价工作机构',
      group: 'admin',
      audience: 'staff',
      roles: ['nationalAdmin', 'provinceAdmin', 'agencyHead', 'agencyReviewer'],
    },
    render: () => <AgenciesPage />,
  },
  {
    key: 'staffPublicity',
    path: '/staff/publicity',
    nav: { label: '公示与公告', audience: 'staff', roles: ['provinceAdmin', 'nationalAdmin'] },
    render: () => <PublicityAdminPage />,
  },
  {
    key: 'staffPublicityBatch',
    path: '/staff/publicity/:id',
    render: (params) => <PublicityBatchAdminPage id={params.id ?? ''} />,
  },
  {
    key: 'staffObjections',
    path: '/staff/objections',
    nav: {
      label: '公示异议',
      audience: 'staff',
      roles: ['nationalAdmin', 'provinceAdmin', 'agencyReviewer', 'agencyHead'],
    },
    render: () => <ObjectionQueuePage />,
  },
  {
    key: 'staffObjection',
    path: '/staff/objections/:id',
    render: (params) => <ObjectionDetailPage id={params.id ?? ''} />,
  },
  {
    key: 'staffCampaigns',
    path: '/staff/campaigns',
    nav: { label: '年度评价工作', audience: 'staff', roles: ['nationalAdmin', 'provinceAdmin'] },
    render: () => <CampaignsPage />,
  },
  {
    key: 'staffAccounts',
    path: '/staff/accounts',
    nav: { label: '工作人员', group: 'admin', audience: 'staff', roles: ['nationalAdmin', 'provinceAdmin'] },
    render: () => <StaffAccountsPage />,
  },
  // Last in the navigation: a phone's header shows the first entries, and a signed-in user's own work comes first.
  {
    key: 'registry',
    path: '/registry',
    nav: { label: '入库查询', audience: 'public' },
    render: () => <RegistrySearchPage />,
  },
  {
    key: 'registryNumber',
    path: '/registry/:registrationNo',
    render: (params) => <RegistryDetailPage registrationNo={params.registrationNo ?? ''} />,
  },
];
