import { checkInfoSheetDraft, diffInfoSheets, type FieldError, ruleSetForYear, validateInfoSheet } from '@kexiao/rules';
import { Alert, App, Button, Col, Form, Grid, Row, Tag } from 'antd';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../../account/api';
import { useSession } from '../../account/session';
import { fieldId, groupErrors } from '../../public/self-assessment/formState';
import { MobileSummaryBar } from '../../public/self-assessment/MobileSummaryBar';
import { ResultPanel } from '../../public/self-assessment/ResultPanel';
import { chinaDate, fetchFiling, type FilingView, submitFiling, withdrawFiling } from './api';
import { assessDraft } from './assessment';
import { BasicInfoSection } from './BasicInfoSection';
import { CommitmentSection } from './CommitmentSection';
import { CompliancePart } from './CompliancePart';
import { ConditionsSection } from './ConditionsSection';
import { EvidenceSection } from './EvidenceSection';
import { FastTrackPart } from './FastTrackPart';
import { FiguresPart } from './FiguresPart';
import { FilingHeader } from './FilingHeader';
import { FilingTimeline } from './FilingTimeline';
import { InfoSheetPdfSection } from './InfoSheetPdfSection';
import { IpSection } from './IpSection';
import { clearLocalCopies, type LocalCopy, readLocalCopy } from './localCopy';
import { LocalCopyPanel } from './LocalCopyPanel';
import { RdProjectsSection } from './RdProjectsSection';
import { RegistrationProofCard } from './RegistrationProofCard';
import { ReturnNotice, ReviewItemList } from './ReturnNotice';
import { problemItems, REVIEW_ITEM_SECTIONS } from './reviewItems';
import { SaveStatusText } from './SaveStatusText';
import { SectionCard } from './SectionCard';
import { type NavItem, SectionNav } from './SectionNav';
import type { SheetSectionProps, UpdateSheet } from './sectionTypes';
import { draftFromForm, formFromDraft, type SectionKey, sectionOfPath, type SheetForm } from './sheetForm';
import { useAutosave } from './useAutosave';
import { useLeaveGuard } from './useLeaveGuard';
import { VersionList } from './VersionList';
import './filing.css';

const SHEET_SECTIONS: readonly SectionKey[] = [
  'basic',
  'enterprise',
  'figures',
  'rdProjects',
  'intellectualProperty',
  'fastTrack',
  'compliance',
];

const MISSING = /^(.+)：(请填写|请选择|请选择“是”或“否”)$/;

/** "联系人电子邮箱：请填写" → "缺少必填项：联系人电子邮箱" (the contract validator's words for an empty field). */
function asMissing(problem: FieldError): FieldError {
  const m = MISSING.exec(problem.message);
  return m ? { path: problem.path, message: `缺少必填项：${m[1]}` } : problem;
}

interface FilingEditorProps {
  initial: FilingView;
  /** The registered region's name. */
  regionName: string | null;
  /** The registered USCC (the sheet's must match it). */
  registeredUscc: string;
  /** Replace the whole filing (after submit, withdraw, or a status change seen elsewhere). */
  onReplace: (view: FilingView) => void;
}

/** One filing: header, notices, the 信息表 in sections, evidence, PDF, commitment, and the live self-assessment. */
export function FilingEditor({ initial, regionName, registeredUscc, onReplace }: FilingEditorProps) {
  const { csrfToken } = useSession();
  const { message, modal } = App.useApp();
  const wide = Grid.useBreakpoint().lg === true;
  const [meta, setMeta] = useState<FilingView>(initial);
  const filingId = initial.id;
  const year = initial.evaluationYear;
  const actions = new Set(meta.allowedActions.map((a) => a.action));
  const editable = actions.has('edit');

  const [form, setForm] = useState<SheetForm>(() => formFromDraft(initial.draft));
  const formRef = useRef(form);
  const [serverDraft, setServerDraft] = useState(initial.draft);
  const [localCopy, setLocalCopy] = useState<LocalCopy | null>(null);
  const [staleOnSubmit, setStaleOnSubmit] = useState(false);
  const [showStrict, setShowStrict] = useState(initial.status === 'returned');
  const [open, setOpen] = useState<ReadonlySet<string>>(
    () => new Set<string>([...SHEET_SECTIONS, 'pdf', 'evidence', 'commitment']),
  );
  const [signerName, setSignerName] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [submitting, setSubmitting] = useState(false);

  const statusRef = useRef(initial.status);
  const refreshMeta = useCallback(async () => {
    try {
      const view = await fetchFiling(filingId);
      if (view.status !== statusRef.current) onReplace(view);
      else setMeta(view);
    } catch {
      // Shown again on the next change; the form itself is unaffected.
    }
  }, [filingId, onReplace]);
  const reloadAll = useCallback(async () => {
    try {
      onReplace(await fetchFiling(filingId));
    } catch {
      message.error('加载失败，请刷新页面');
    }
  }, [filingId, onReplace, message]);

  const autosave = useAutosave({
    filingId,
    initialVersion: initial.draftVersion,
    initialSavedAt: initial.draftSavedAt,
    csrfToken: csrfToken ?? '',
    enabled: editable,
    onSaved: () => void refreshMeta(),
    onNotEditable: () => void reloadAll(),
  });
  const { change } = autosave;
  useLeaveGuard(autosave.hasUnsaved, autosave.flush);

  const update = useCallback<UpdateSheet>(
    (recipe) => {
      const next = recipe(formRef.current);
      formRef.current = next;
      setForm(next);
      change(next);
    },
    [change],
  );

  // Changes this browser kept that the server does not have: resumed when made on this version, offered otherwise.
  useEffect(() => {
    const copy = readLocalCopy(filingId);
    if (!copy) return;
    if (diffInfoSheets(initial.draft, copy.draft).length === 0) {
      clearLocalCopies(filingId);
      return;
    }
    if (editable && copy.baseVersion === initial.draftVersion) {
      formRef.current = copy.form;
      setForm(copy.form);
      change(copy.form);
      message.info('已恢复本机尚未保存的修改，正在保存');
    } else setLocalCopy(copy);
    // Once, for the filing as loaded.
  }, []);

  const draft = useMemo(() => draftFromForm(form), [form]);
  const typeProblems = useMemo(() => checkInfoSheetDraft(draft), [draft]);
  const strictProblems = useMemo<FieldError[]>(() => {
    const checked = validateInfoSheet(draft, { evaluationYear: year, registeredUscc });
    return checked.ok ? [] : checked.problems;
  }, [draft, year, registeredUscc]);
  const errors = useMemo(() => {
    // A value of a wrong type is reported once (by the draft check), and an empty field the way the
    // self-assessment reports it (缺少必填项, shown in yellow rather than red).
    const wrongType = new Set(typeProblems.map((p) => p.path));
    const strict = showStrict ? strictProblems.filter((p) => !wrongType.has(p.path)).map(asMissing) : [];
    return groupErrors([...typeProblems, ...strict]);
  }, [typeProblems, strictProblems, showStrict]);
  const outcome = useMemo(() => assessDraft(draft, year), [draft, year]);
  const ruleSet = ruleSetForYear(year);

  const goToSection = useCallback((key: string) => {
    setOpen((o) => new Set(o).add(key));
    window.setTimeout(() => {
      document.getElementById(`filing-section-${key}`)?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }, 30);
  }, []);
  const goToField = useCallback((path: string) => {
    setShowStrict(true);
    const section = path.startsWith('commitment') ? 'commitment' : sectionOfPath(path);
    setOpen((o) => new Set(o).add(section));
    window.setTimeout(() => {
      const target =
        (path.startsWith('commitment') ? document.getElementById('commitment-signer') : null) ??
        document.getElementById(fieldId(path)) ??
        document.getElementById(fieldId(path.replace(/\[\d+\](\.\w+)?$/, ''))) ??
        document.getElementById(`filing-section-${section}`);
      if (!target) return;
      target.scrollIntoView({ block: 'center', behavior: 'smooth' });
      target.focus({ preventScroll: true });
    }, 30);
  }, []);

  // Stale: another window or device saved meanwhile. Load the latest; this browser's changes stay on offer.
  const loadLatest = async () => {
    try {
      const view = await fetchFiling(filingId);
      const copy = readLocalCopy(filingId);
      if (view.status !== statusRef.current) {
        onReplace(view);
        return;
      }
      const next = formFromDraft(view.draft);
      formRef.current = next;
      setForm(next);
      setServerDraft(view.draft);
      setMeta(view);
      setStaleOnSubmit(false);
      autosave.reset(view.draftVersion, view.draftSavedAt);
      if (copy && diffInfoSheets(view.draft, copy.draft).length > 0) setLocalCopy(copy);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : '加载失败，请重试');
    }
  };
  const keepLocalCopy = () => {
    if (!localCopy) return;
    formRef.current = localCopy.form;
    setForm(localCopy.form);
    change(localCopy.form);
    setLocalCopy(null);
  };
  const discardLocal = () => {
    setLocalCopy(null);
    // Only the old copy: changes made since are kept until saved.
    if ((readLocalCopy(filingId)?.baseVersion ?? -1) !== autosave.versionNow()) clearLocalCopies(filingId);
  };

  const submit = async () => {
    setSubmitting(true);
    setShowStrict(true);
    try {
      if (!(await autosave.flush())) {
        message.error('信息表的最新修改尚未保存，请稍后再提交');
        return;
      }
      const result = await submitFiling(filingId, autosave.versionNow(), { signerName, accepted }, csrfToken ?? '');
      clearLocalCopies(filingId);
      const due = result.submitted.reviewDueOn;
      message.success(`已提交，评价工作机构将于${chinaDate(due)}前完成审核`);
      onReplace(result);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'stale_draft') setStaleOnSubmit(true);
      else message.error(e instanceof ApiError ? e.message : '提交失败，请重试');
      void refreshMeta();
    } finally {
      setSubmitting(false);
    }
  };

  const withdraw = () => {
    modal.confirm({
      title: '撤回已提交的信息表？',
      content: '撤回后可以修改信息表并重新提交，重新提交后审核期限重新计算。评价工作机构开始审核后不能撤回。',
      okText: '撤回',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'filing-withdraw-confirm' } as Record<string, string>,
      onOk: async () => {
        try {
          const view = await withdrawFiling(filingId, csrfToken ?? '');
          message.success('已撤回，可以修改后重新提交');
          onReplace(view);
        } catch (e) {
          message.error(e instanceof ApiError ? e.message : '撤回失败，请重试');
          void reloadAll();
        }
      },
    });
  };

  // The latest review, when it returned the filing: its items at the top and beside the sections they concern.
  const returned = meta.status === 'returned' ? (meta.reviews.find((r) => r.decision === 'return') ?? null) : null;
  const returnedItems = returned ? problemItems(returned) : [];
  const reasonsFor = (key: SectionKey): ReactNode => {
    const items = returnedItems.filter((item) => REVIEW_ITEM_SECTIONS[item.key].includes(key));
    if (items.length === 0) return null;
    return (
      <Alert
        type="error"
        className="kx-filing-check"
        data-testid={`filing-return-reasons-${key}`}
        title="审核意见"
        description={<ReviewItemList items={items} />}
      />
    );
  };

  const sectionProps: SheetSectionProps = { form, update, errors, evaluationYear: year, editable };
  const sections: { key: SectionKey; title: string; short: string; content: ReactNode }[] = [
    {
      key: 'basic',
      title: '基本信息',
      short: '基本信息',
      content: <BasicInfoSection {...sectionProps} regionName={regionName} />,
    },
    { key: 'enterprise', title: '基本条件', short: '基本条件', content: <ConditionsSection {...sectionProps} /> },
    {
      key: 'figures',
      title: `上年度（${year - 1}年）主要指标`,
      short: '主要指标',
      content: <FiguresPart {...sectionProps} />,
    },
    {
      key: 'rdProjects',
      title: '研发项目汇总表',
      short: '研发项目',
      content: <RdProjectsSection {...sectionProps} />,
    },
    { key: 'intellectualProperty', title: '知识产权', short: '知识产权', content: <IpSection {...sectionProps} /> },
    { key: 'fastTrack', title: '直通车条件', short: '直通车', content: <FastTrackPart {...sectionProps} /> },
    { key: 'compliance', title: '合规声明', short: '合规声明', content: <CompliancePart {...sectionProps} /> },
  ];
  if (editable) {
    sections.push({
      key: 'pdf',
      title: '下载信息表PDF',
      short: '信息表PDF',
      content: <InfoSheetPdfSection filingId={filingId} flush={autosave.flush} onGoTo={goToField} />,
    });
  }
  sections.push({
    key: 'evidence',
    title: '证明材料',
    short: '证明材料',
    content: (
      <EvidenceSection
        view={meta}
        editable={editable}
        csrfToken={csrfToken ?? ''}
        onChanged={() => void refreshMeta()}
      />
    ),
  });
  if (actions.has('submit')) {
    sections.push({
      key: 'commitment',
      title: '承诺与提交',
      short: '承诺提交',
      content: (
        <CommitmentSection
          commitmentText={meta.commitmentText}
          blockers={meta.submitBlockers}
          signerName={signerName}
          accepted={accepted}
          onSignerName={setSignerName}
          onAccepted={setAccepted}
          onSubmit={() => void submit()}
          submitting={submitting}
          resubmission={meta.status === 'returned'}
          onGoTo={goToField}
          onGoToSection={goToSection}
        />
      ),
    });
  }

  // Each section's state for the navigation: wrong values, what is still missing, or done.
  const problemsBySection = new Map<string, { wrong: number; missing: number }>();
  for (const p of typeProblems) {
    const s = problemsBySection.get(sectionOfPath(p.path)) ?? { wrong: 0, missing: 0 };
    s.wrong += 1;
    problemsBySection.set(sectionOfPath(p.path), s);
  }
  for (const p of strictProblems) {
    const s = problemsBySection.get(sectionOfPath(p.path)) ?? { wrong: 0, missing: 0 };
    s.missing += 1;
    problemsBySection.set(sectionOfPath(p.path), s);
  }
  const navItems: NavItem[] = sections.map(({ key, short: title }) => {
    const reason = returnedItems.some((item) => REVIEW_ITEM_SECTIONS[item.key].includes(key));
    if (key === 'evidence') {
      const missing = meta.requiredEvidence.filter((r) => !r.present).length;
      return {
        key,
        title,
        status: reason ? 'error' : missing === 0 ? 'finish' : 'wait',
        note: missing > 0 ? `缺${missing}项必需材料` : undefined,
      };
    }
    if (key === 'pdf')
      return { key, title, status: reason ? 'error' : 'wait', note: reason ? '见审核意见' : undefined };
    if (key === 'commitment') {
      return {
        key,
        title,
        status: meta.submitBlockers.length === 0 ? 'finish' : 'wait',
        note: meta.submitBlockers.length > 0 ? `${meta.submitBlockers.length}项未满足` : undefined,
      };
    }
    const s = problemsBySection.get(key);
    if (s && s.wrong > 0) return { key, title, status: 'error', note: `${s.wrong}处格式有误` };
    if (reason) return { key, title, status: 'error', note: '见审核意见' };
    if (s && s.missing > 0) return { key, title, status: 'wait', note: `${s.missing}处待完善` };
    if ((key === 'rdProjects' || key === 'intellectualProperty') && form[key].length === 0) {
      return { key, title, status: 'wait', note: '尚未填写' };
    }
    return { key, title, status: 'finish' };
  });
  const badgeOf = (key: string): ReactNode => {
    const item = navItems.find((n) => n.key === key);
    if (!item?.note) return null;
    return (
      <Tag color={item.status === 'error' ? 'error' : 'default'} className="kx-inline-tag">
        {item.note}
      </Tag>
    );
  };

  const stale = autosave.status.state === 'stale' || staleOnSubmit;
  const resultPanel = <ResultPanel outcome={outcome} ruleSet={ruleSet} onFocusField={goToField} />;

  return (
    <>
      <FilingHeader
        view={meta}
        saveStatus={editable ? <SaveStatusText status={autosave.status} /> : null}
        onWithdraw={actions.has('withdraw') ? withdraw : null}
      />
      {stale && (
        <Alert
          type="warning"
          showIcon
          className="kx-filing-banner"
          data-testid="filing-stale"
          title="信息表已在其他窗口或设备上修改"
          description="为免互相覆盖，本页的修改没有保存（已保留在本机）。请载入最新内容；载入后仍可查看并选择使用本机的修改。"
          action={
            <Button type="primary" size="small" onClick={() => void loadLatest()} data-testid="filing-reload-latest">
              载入最新内容
            </Button>
          }
        />
      )}
      {localCopy && (
        <LocalCopyPanel
          copy={localCopy}
          latest={serverDraft}
          onUse={editable && !stale ? keepLocalCopy : null}
          onDiscard={discardLocal}
        />
      )}
      {meta.status === 'registered' && <RegistrationProofCard filingId={filingId} />}
      {returned && <ReturnNotice review={returned} />}
      <FilingTimeline filingId={filingId} entries={meta.timeline} />
      {meta.versions.length > 0 && <VersionList filingId={filingId} versions={meta.versions} reviews={meta.reviews} />}
      {wide && <SectionNav items={navItems} onGo={goToSection} />}
      <Row gutter={[{ xs: 0, lg: 24 }, 16]} align="stretch">
        <Col xs={24} lg={15} xl={16}>
          <Form
            layout="vertical"
            disabled={!editable}
            aria-label="科技型中小企业信息表"
            className="kx-form kx-filing-form"
            onBlurCapture={() => void autosave.flush()}
            onFinish={() => undefined}
          >
            {sections.map((s, i) => (
              <SectionCard
                key={s.key}
                sectionKey={s.key}
                title={`${i + 1}. ${s.title}`}
                badge={badgeOf(s.key)}
                collapsible={!wide}
                open={open.has(s.key)}
                onToggle={() =>
                  setOpen((o) => {
                    const next = new Set(o);
                    if (next.has(s.key)) next.delete(s.key);
                    else next.add(s.key);
                    return next;
                  })
                }
              >
                {reasonsFor(s.key)}
                {s.content}
              </SectionCard>
            ))}
          </Form>
          {!wide && resultPanel}
        </Col>
        {wide && (
          <Col lg={9} xl={8}>
            <div className="kx-sticky kx-filing-side">{resultPanel}</div>
          </Col>
        )}
      </Row>
      {!wide && <MobileSummaryBar outcome={outcome} />}
    </>
  );
}
