import { TypingReporter, type TypingReport } from './typing-reporter';

function setup() {
  let now = 1000;
  const reports: TypingReport[] = [];
  const timers: Array<{ at: number; fn: () => void; id: number }> = [];
  let nextId = 1;
  const reporter = new TypingReporter({
    report: (r) => reports.push(r),
    now: () => now,
    setTimer: (fn, ms) => {
      const t = { at: now + ms, fn, id: nextId++ };
      timers.push(t);
      return t.id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    throttleMs: 1500,
  });
  const advance = (ms: number) => {
    now += ms;
    for (const t of [...timers].sort((a, b) => a.at - b.at)) {
      if (t.at <= now) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    }
  };
  return { reporter, reports, advance, timers };
}

describe('TypingReporter', () => {
  it('reports the first keystroke at once, then at most once per interval with the newest draft', () => {
    const { reporter, reports, advance } = setup();
    reporter.input('H');
    expect(reports).toEqual([{ active: true, draft: 'H' }]);
    for (const text of ['He', 'Hel', 'Hell', 'Hello']) {
      advance(100);
      reporter.input(text);
    }
    expect(reports).toHaveLength(1);
    advance(1100); // 1500 ms after the first report
    expect(reports).toEqual([{ active: true, draft: 'H' }, { active: true, draft: 'Hello' }]);
    advance(5000);
    expect(reports).toHaveLength(2); // nothing new typed: nothing sent
  });

  it('sends ten keystrokes a second as at most one frame per 1.5 s', () => {
    const { reporter, reports, advance } = setup();
    let text = '';
    for (let i = 0; i < 30; i++) {
      text += 'x';
      reporter.input(text);
      advance(100);
    }
    // 3 seconds of typing: the first report, then one per 1.5 s
    expect(reports.length).toBeLessThanOrEqual(3);
    expect(reports.length).toBeGreaterThanOrEqual(2);
  });

  it('reports the stop once on clear / send / blur, and drops a pending trailing report', () => {
    const { reporter, reports, advance, timers } = setup();
    reporter.input('Hi');
    advance(200);
    reporter.input('Hi there');
    expect(timers).toHaveLength(1);
    reporter.input('   ');
    expect(reports).toEqual([{ active: true, draft: 'Hi' }, { active: false }]);
    expect(timers).toHaveLength(0);
    reporter.stop();
    advance(5000);
    expect(reports).toHaveLength(2);
    expect(reporter.isActive).toBe(false);
  });

  it('does not report a stop when nothing was started', () => {
    const { reporter, reports } = setup();
    reporter.stop();
    reporter.input('');
    expect(reports).toEqual([]);
  });

  it('starts again at once after a stop', () => {
    const { reporter, reports } = setup();
    reporter.input('a');
    reporter.stop();
    reporter.input('b');
    expect(reports).toEqual([{ active: true, draft: 'a' }, { active: false }, { active: true, draft: 'b' }]);
  });
});
