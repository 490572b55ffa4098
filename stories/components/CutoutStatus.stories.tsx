import {
  CutoutError,
  type CutoutErrorKind,
  type CutoutProgress,
  CutoutStatus,
  defaultMessages,
} from '@cutout/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { withCutoutProvider } from '../support/withCutoutProvider';

const MB = 1024 * 1024;
const uploading = (percent: number): CutoutProgress => ({
  phase: 'uploading',
  loaded: Math.round((percent / 100) * 4.2 * MB),
  total: Math.round(4.2 * MB),
  attempt: 1,
});

const meta = {
  title: 'Components/CutoutStatus',
  component: CutoutStatus,
  decorators: [withCutoutProvider()],
  parameters: {
    docs: {
      description: {
        component:
          "What a call is doing (a polite live region with a progress bar) or why it failed (an alert), branching on `CutoutError.kind`. `CutoutDropzone` renders it; use it directly when you build your own upload UI on `useRemoveBg`.\n\n```tsx\nconst { progress, error, status, retryAt } = useRemoveBg();\n<CutoutStatus progress={progress} error={error} pending={status === 'pending'}\n  retryAt={retryAt} maxAttempts={4} messages={defaultMessages} />\n```",
      },
    },
  },
  args: {
    progress: uploading(25),
    error: undefined,
    pending: true,
    retryAt: undefined,
    maxAttempts: 4,
    messages: defaultMessages,
  },
} satisfies Meta<typeof CutoutStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Uploading25: Story = {
  name: 'Uploading 25 %',
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await step('the bar reports 25 % to assistive tech', async () => {
      const bar = canvas.getByRole('progressbar', { name: defaultMessages.progressLabel });
      await expect(bar).toHaveAttribute('aria-valuenow', '25');
      await expect(bar).toHaveAttribute('aria-valuetext', '25%');
    });
    await step('the text says so, in a polite live region', async () => {
      await expect(canvas.getByRole('status')).toHaveTextContent('Uploading… 25%');
    });
  },
};

/** Set by the storybook test projects (see .storybook/storybookProject.ts). */
declare const __CUTOUT_STORY_THEME__: string | undefined;

export const Uploading75: Story = {
  name: 'Uploading 75 %',
  args: { progress: uploading(75) },
  play: async ({ canvasElement }) => {
    const bar = within(canvasElement).getByRole('progressbar');
    await expect(bar).toHaveAttribute('aria-valuenow', '75');
    // The fill is drawn, in the accent colour, at three quarters of the track (a status on its
    // own, outside any other cutout component, still gets the default theme).
    const fill = bar.querySelector<HTMLElement>('.cutout-progress__fill')!;
    await waitFor(() => {
      const ratio = fill.getBoundingClientRect().width / bar.getBoundingClientRect().width;
      expect(ratio).toBeCloseTo(0.75, 1);
    });
    // The theme's accent: #60a5fa on dark, #1d4ed8 on light (each ≥ 3:1 against its page).
    const light = document.documentElement.dataset.theme === 'light';
    // Under `npm test` the page runs the theme its project names: the light project's axe
    // checks must really see the light theme, not fall back to dark unnoticed.
    if (typeof __CUTOUT_STORY_THEME__ === 'string') {
      await expect(document.documentElement.dataset.theme).toBe(__CUTOUT_STORY_THEME__);
    }
    await expect(getComputedStyle(fill).backgroundColor).toBe(
      light ? 'rgb(29, 78, 216)' : 'rgb(96, 165, 250)',
    );
  },
};

export const Processing: Story = {
  args: { progress: { phase: 'processing', attempt: 1 } },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await step('an indeterminate bar has no aria-valuenow', async () => {
      const bar = canvas.getByRole('progressbar');
      await expect(bar).not.toHaveAttribute('aria-valuenow');
      await expect(bar).toHaveAttribute('data-state', 'indeterminate');
    });
    await expect(canvas.getByRole('status')).toHaveTextContent('Removing the background…');
  },
};

export const RateLimitCountdown: Story = {
  name: 'Rate limit countdown',
  args: {
    progress: {
      phase: 'retrying',
      attempt: 1,
      retryInMs: 30_000,
      error: new CutoutError('rate-limit', 'Too many requests', {
        status: 429,
        code: 42900,
        retryable: true,
        retryAfterMs: 30_000,
      }),
    },
  },
  // The deadline is set at render: a fixed epoch would already be in the past.
  render: (args) => <CutoutStatus {...args} retryAt={Date.now() + 30_000} />,
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(
      /Retrying automatically in (30|29) s/,
    );
  },
};

const ERROR_KINDS: { kind: CutoutErrorKind; reason?: string; status?: number; code?: number }[] = [
  { kind: 'preflight', reason: 'too-small' },
  { kind: 'preflight', reason: 'unsupported-format' },
  { kind: 'input', reason: 'too-large', status: 413, code: 40003 },
  { kind: 'credits', status: 402 },
  { kind: 'auth', status: 401 },
  { kind: 'rate-limit', status: 429, code: 42900 },
  { kind: 'transient', status: 500, code: 50000 },
  { kind: 'network' },
  { kind: 'timeout' },
  { kind: 'aborted' },
];

const errorOf = (e: (typeof ERROR_KINDS)[number]) =>
  new CutoutError(e.kind, `server text that must never be shown (${e.kind})`, {
    reason: e.reason as never,
    status: e.status,
    code: e.code,
  });

export const CreditsWithCallToAction: Story = {
  name: 'Error: out of credits',
  args: {
    pending: false,
    progress: undefined,
    error: errorOf({ kind: 'credits', status: 402 }),
    creditsAction: <a href="#billing">Buy more credits</a>,
  },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await step('an alert with our words, not the server text', async () => {
      const alert = canvas.getByRole('alert');
      await expect(alert).toHaveTextContent(defaultMessages.errors.credits);
      await expect(alert).not.toHaveTextContent('server text');
    });
    await step("the app's own call to action is shown", async () => {
      await expect(canvas.getByRole('link', { name: 'Buy more credits' })).toBeVisible();
    });
  },
};

/** Every phase and every error kind at once (the `data-state` / `data-kind` of each). */
export const States: Story = {
  parameters: { layout: 'fullscreen' },
  render: (args) => {
    const now = Date.now();
    const phases: [string, CutoutProgress, number | undefined][] = [
      ['preflight', { phase: 'preflight', attempt: 1 }, undefined],
      ['uploading 0 %', uploading(0), undefined],
      ['uploading 25 %', uploading(25), undefined],
      ['uploading 50 %', uploading(50), undefined],
      ['uploading 75 %', uploading(75), undefined],
      ['uploading 100 %', uploading(100), undefined],
      ['processing', { phase: 'processing', attempt: 1 }, undefined],
      [
        'downloading 40 %',
        { phase: 'downloading', loaded: 400_000, total: 1_000_000, attempt: 1 },
        undefined,
      ],
      [
        'retrying (5xx)',
        { phase: 'retrying', attempt: 1, retryInMs: 800, error: errorOf(ERROR_KINDS[6]!) },
        now + 800,
      ],
      [
        'rate limited',
        { phase: 'retrying', attempt: 1, retryInMs: 30_000, error: errorOf(ERROR_KINDS[5]!) },
        now + 30_000,
      ],
    ];
    return (
      <div className="story-grid">
        {phases.map(([label, progress, retryAt]) => (
          <section key={label} className="story-cell" aria-label={label}>
            <h3>{label}</h3>
            <CutoutStatus
              {...args}
              pending
              progress={progress}
              error={undefined}
              retryAt={retryAt}
            />
          </section>
        ))}
        {ERROR_KINDS.map((e) => {
          const label = `error: ${e.kind}${e.reason ? ` (${e.reason})` : ''}`;
          return (
            <section key={label} className="story-cell" aria-label={label}>
              <h3>{label}</h3>
              <CutoutStatus
                {...args}
                pending={false}
                progress={undefined}
                error={errorOf(e)}
                creditsAction={<a href="#billing">Buy more credits</a>}
              />
            </section>
          );
        })}
      </div>
    );
  },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const cell = (name: string) => within(canvas.getByRole('region', { name }));
    await step('each upload percentage is on its bar', async () => {
      for (const pct of [0, 25, 50, 75, 100]) {
        const bar = cell(`uploading ${pct} %`).getByRole('progressbar');
        await expect(bar).toHaveAttribute('aria-valuenow', String(pct));
      }
    });
    await step('a 5xx retry says which attempt comes next', async () => {
      await expect(cell('retrying (5xx)').getByRole('status')).toHaveTextContent(
        'Retrying, attempt 2 of 4',
      );
    });
    await step('every error kind is an alert with its own message', async () => {
      const texts = new Set<string>();
      for (const e of ERROR_KINDS) {
        const name = `error: ${e.kind}${e.reason ? ` (${e.reason})` : ''}`;
        const alert = cell(name).getByRole('alert');
        await expect(alert).not.toHaveTextContent('server text');
        texts.add(alert.textContent ?? '');
      }
      await expect(texts.size).toBe(ERROR_KINDS.length);
    });
  },
};
