#!/usr/bin/env python3
"""Loads an HTML report (docs/HtmlReport.md) in headless Chromium and checks it.

Usage: browser-test.py [--chromium PATH] [--screenshot-dir DIR]
                       [--sections] [--max-bytes N] [--fragment F] REPORT.html

Chromium opens the page from a file URL (no network), runs its script and
dumps the rendered DOM. The page lists every error (script errors, rejected
promises, console.error) in #zz-errors and <body data-errors>; Chromium's own
log is searched for uncaught errors and console errors too. Prints what the
DOM holds, one fact a line, for FileCheck:

  size <bytes>
  charts <n>            charts the page drew (<body data-charts>)
  errors <n>            errors the page saw (0 expected)
  rendered-ms <ms>      when the last chart was drawn, since navigation start
  section <id>          each section, in page order
  chart <id> <mark> <n> items of each named mark of each chart
  table <id> rows <n>   rows of each table
  table <id> first <c1> | <c2> | ...   the cells of its first row

Exits 1 when the page reports an error, Chromium logs one, a chart is
missing its SVG, or the file is larger than --max-bytes. With
--screenshot-dir, saves <report>.png (whole page) and, with --sections, one
<report>-<section>.png per section (the page's #only=<section> view).
"""
import argparse
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile


class DomFacts(html.parser.HTMLParser):
    """Collects the facts above from the dumped DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.body = {}
        self.sections = []
        self.charts = []  # [id, {mark: items}, has_svg]
        self.tables = []  # [id, rows, first row's cells]
        self.errors_text = ''
        self.stack = []  # open elements: (tag, kind, value)
        self.in_errors = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        kind, value = None, None
        if tag == 'body':
            self.body = a
        elif tag == 'section' and 'id' in a:
            self.sections.append(a['id'])
        elif 'data-chart' in a:
            self.charts.append([a['data-chart'], {}, False])
            kind = 'chart'
        elif tag == 'svg' and self._inside('chart'):
            self.charts[-1][2] = True
        elif tag == 'g' and self._inside('chart'):
            cls = (a.get('class') or '').split()
            if 'role-mark' in cls:
                names = [c for c in cls if not c.startswith(('mark-', 'role-'))]
                if names:
                    kind, value = 'mark', names[0]
                    self.charts[-1][1].setdefault(value, 0)
        elif tag == 'table' and 'id' in a:
            self.tables.append([a['id'], 0, []])
            kind = 'table'
        elif tag == 'tr' and self._inside('table') and self._inside_tag('tbody'):
            self.tables[-1][1] += 1
        elif tag == 'td' and self._inside('table') and self.tables[-1][1] == 1:
            self.tables[-1][2].append('')
            kind = 'cell'
        elif tag == 'pre' and a.get('id') == 'zz-errors':
            kind = 'errors'
        # Items of a named mark are its direct children.
        if self.stack and self.stack[-1][1] == 'mark':
            self.charts[-1][1][self.stack[-1][2]] += 1
        if tag not in ('path', 'br', 'img', 'input', 'meta', 'line', 'rect',
                       'circle', 'image'):
            self.stack.append((tag, kind, value))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self._inside('errors'):
            self.errors_text += data
        elif self.stack and self.stack[-1][1] == 'cell':
            self.tables[-1][2][-1] += data

    def _inside(self, kind):
        return any(k == kind for _, k, _ in self.stack)

    def _inside_tag(self, tag):
        return any(t == tag for t, _, _ in self.stack)


def chromium_run(chromium, profile, args, url):
    cmd = [chromium, '--headless', '--disable-gpu', '--no-sandbox',
           '--no-first-run', '--user-data-dir=' + profile,
           '--enable-logging=stderr', '--v=0',
           '--virtual-time-budget=30000'] + args + [url]
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=300)


# Chromium's log lines for page errors: uncaught exceptions and console
# messages at error level ("CONSOLE(...)" lines come with the page's source).
LOG_ERROR = re.compile(r'Uncaught|:ERROR:CONSOLE|console\.error')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('report')
    p.add_argument('--chromium', default=shutil.which('chromium') or 'chromium')
    p.add_argument('--screenshot-dir')
    p.add_argument('--sections', action='store_true')
    p.add_argument('--max-bytes', type=int)
    p.add_argument('--window', default='1400,2400')
    p.add_argument('--fragment', default='',
                   help="URL fragment for the page's options, e.g. "
                        "'filter=conv&sort=-4'")
    a = p.parse_args()

    path = os.path.abspath(a.report)
    url = 'file://' + path + ('#' + a.fragment if a.fragment else '')
    size = os.path.getsize(path)
    failed = []
    with tempfile.TemporaryDirectory(prefix='zz-chromium-') as profile:
        run = chromium_run(a.chromium, profile, ['--dump-dom'], url)
        facts = DomFacts()
        facts.feed(run.stdout)
        log_errors = [l for l in run.stderr.splitlines() if LOG_ERROR.search(l)]
        if a.screenshot_dir:
            os.makedirs(a.screenshot_dir, exist_ok=True)
            stem = os.path.join(a.screenshot_dir,
                                os.path.splitext(os.path.basename(path))[0])
            shots = [(stem + '.png', url)]
            if a.sections:
                shots += [(stem + '-' + s + '.png', 'file://' + path + '#only=' + s)
                          for s in facts.sections]
            for png, target in shots:
                chromium_run(a.chromium, profile,
                             ['--hide-scrollbars', '--window-size=' + a.window,
                              '--screenshot=' + png], target)
                if not os.path.exists(png):
                    failed.append('no screenshot ' + png)

    print('size', size)
    charts = facts.body.get('data-charts')
    errors = facts.body.get('data-errors')
    print('charts', charts)
    print('errors', errors)
    print('rendered-ms', facts.body.get('data-rendered'))
    for s in facts.sections:
        print('section', s)
    for cid, marks, has_svg in facts.charts:
        if not has_svg:
            failed.append('chart %s has no SVG' % cid)
        for mark, n in marks.items():
            print('chart', cid, mark, n)
    for tid, rows, first in facts.tables:
        print('table', tid, 'rows', rows)
        if first:
            print('table', tid, 'first', ' | '.join(c.strip() for c in first))

    if charts is None or facts.body.get('data-rendered') is None:
        failed.append('the page did not finish drawing its charts')
    if errors != '0':
        failed.append('page errors: ' + facts.errors_text.strip())
    if charts is not None and int(charts) != len(facts.charts):
        failed.append('%s charts announced, %d in the DOM' % (charts,
                                                              len(facts.charts)))
    failed += ['chromium: ' + l for l in log_errors]
    if a.max_bytes is not None and size > a.max_bytes:
        failed.append('%d bytes, more than %d' % (size, a.max_bytes))
    for f in failed:
        print('FAIL', f)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
