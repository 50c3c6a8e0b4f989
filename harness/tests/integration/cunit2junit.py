#!/usr/bin/env python3
# cunit2junit.py - convert a CUnit "Automated" results file (iscsi-test-cu -x) to JUnit XML
#
# usage: cunit2junit.py RESULTS.xml OUT.xml PREFIX SKIPFAILS
#   PREFIX names the suites (e.g. "pxelab.SCSI.Read10"); SKIPFAILS is a file of
#   "[SKIPPED] X is not implemented" lines that count as failures (may be empty).
# Prints "tests failures" on stdout.
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import quoteattr


def main():
    src, dst, prefix, skipfile = sys.argv[1:5]
    try:
        root = ET.parse(src).getroot()
    except (ET.ParseError, OSError) as e:
        root = None
        err = str(e)
    suites = []
    if root is not None:
        for suite in root.iter('CUNIT_RUN_SUITE'):
            for kind in suite:
                name = (kind.findtext('SUITE_NAME') or '?').strip()
                cases = {}
                for rec in kind.iter('CUNIT_RUN_TEST_RECORD'):
                    for res in rec:
                        tname = (res.findtext('TEST_NAME') or '?').strip()
                        if res.tag == 'CUNIT_RUN_TEST_FAILURE':
                            msg = '%s:%s %s' % ((res.findtext('FILE_NAME') or '').strip(),
                                                (res.findtext('LINE_NUMBER') or '').strip(),
                                                (res.findtext('CONDITION') or '').strip())
                            cases.setdefault(tname, []).append(msg)
                        else:
                            cases.setdefault(tname, [])
                suites.append((name, cases))
    skips = [l.strip() for l in open(skipfile)] if skipfile != '-' else []
    skips = [l for l in skips if l]
    tests = fails = 0
    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>']
    if root is None:
        out.append('<testsuite name=%s tests="1" failures="1"><testcase classname=%s name="run">'
                   '<failure message=%s/></testcase></testsuite>'
                   % (quoteattr(prefix), quoteattr(prefix), quoteattr('no results: ' + err)))
        tests, fails = 1, 1
    for name, cases in suites:
        nf = sum(1 for m in cases.values() if m)
        out.append('<testsuite name=%s tests="%d" failures="%d">'
                   % (quoteattr(prefix + '.' + name), len(cases), nf))
        for tname, msgs in cases.items():
            out.append('<testcase classname=%s name=%s>' % (quoteattr(prefix + '.' + name),
                                                          quoteattr(tname)))
            for m in msgs[:1]:
                out.append('<failure message=%s/>' % quoteattr(m))
            out.append('</testcase>')
        out.append('</testsuite>')
        tests += len(cases)
        fails += nf
    if skips:
        out.append('<testsuite name=%s tests="%d" failures="%d">'
                   % (quoteattr(prefix + '.not-implemented'), len(skips), len(skips)))
        for i, s in enumerate(skips):
            out.append('<testcase classname=%s name="skip%d"><failure message=%s/></testcase>'
                       % (quoteattr(prefix + '.not-implemented'), i, quoteattr(s)))
        out.append('</testsuite>')
        fails += len(skips)
    out.append('</testsuites>')
    with open(dst, 'w') as f:
        f.write('\n'.join(out) + '\n')
    print(tests, fails)


if __name__ == '__main__':
    main()
