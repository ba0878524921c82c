#!/usr/bin/env python3
"""Runs the runnable blocks of README.md and docs/*.md (see docs/README.md, "Runnable blocks").

A runnable block is a fenced block whose line before is an HTML comment `<!-- run -->`, with the option
`retry=N` (the block is run again, a second apart, for up to N seconds until it passes: for what the runtime
does on its own, such as the watch serving a plugin just built). Every other sh, bash, shell or console block
must say why it is not run, on the line before: `<!-- not run: REASON -->` (a runtime start the checks make
themselves, a benchmark, a tool outside the project); a command block with neither fails the check.
  ```sh       the block is one bash script (set -euo pipefail); it must exit 0
  ```console  lines starting `$ ` are commands (a trailing backslash continues one), the lines after a command
              up to the next `$ ` are its expected stdout: each line matches one line, `...` inside a line
              matches any text, a line that is only `...` matches any number of lines; every command must exit 0,
              or the status of a last line `(exit N)`
Each block runs in a fresh bash in DHII_DOCS_HOME (a sandbox checkout made by docs.sh, where `./dhii` and `dhii`
both work); in a block the documented ports 8080 and 7000 are rewritten to DHII_DOCS_PORT and DHII_DOCS_TCP_PORT,
and `dhii invoke` / `dhii capabilities list|describe` without `--url` get `--url $DHII_URL`.
Usage: docs-blocks.py [--list] FILE...   Exit 1 if a block fails or a command block is unmarked.
"""
import os, re, subprocess, sys, tempfile, time

MARK = re.compile(r'^<!--\s*run((?:\s+retry=\d+)*)\s*-->\s*$')
NOT_RUN = re.compile(r'^<!--\s*not run:\s*\S.*-->\s*$')
COMMANDS = re.compile(r'^```(sh|bash|shell|console)\s*$')


def unmarked(path):
    """The command blocks of `path` that are neither runnable nor say why not."""
    lines = open(path, encoding='utf-8').read().split('\n')
    found, fenced = [], False
    for i, line in enumerate(lines):
        if line.startswith('```'):
            if not fenced and COMMANDS.match(line) and not (i > 0 and (MARK.match(lines[i - 1]) or NOT_RUN.match(lines[i - 1]))):
                found.append(f'{path}:{i + 1}')
            fenced = not fenced
    return found


def blocks(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    i = 0
    while i < len(lines):
        m = MARK.match(lines[i])
        if m and i + 1 < len(lines) and lines[i + 1].startswith('```'):
            lang = lines[i + 1][3:].strip()
            j = i + 2
            while j < len(lines) and not lines[j].startswith('```'):
                j += 1
            opts = dict(o.split('=', 1) for o in m.group(1).split())
            yield {'file': path, 'line': i + 2, 'lang': lang, 'retry': int(opts.get('retry', '0')),
                   'body': lines[i + 2:j]}
            i = j
        elif m:
            raise SystemExit(f'{path}:{i + 1}: a run marker must be followed by a fenced block')
        i += 1


def rewrite(text):
    url = os.environ.get('DHII_URL')
    if url:  # the commands that talk to a runtime call the one started for the check
        text = '\n'.join(l if '--url' in l else re.sub(r'(dhii (?:invoke|capabilities (?:list|describe)))(?= |$)',
                                                        r'\1 --url ' + url, l) for l in text.split('\n'))
    text = re.sub(r'(?<![\d.])8080(?!\d)', os.environ.get('DHII_DOCS_PORT', '8080'), text)
    return re.sub(r'(?<![\d.])7000(?!\d)', os.environ.get('DHII_DOCS_TCP_PORT', '7000'), text)


def console(body):
    """[(command, [expected lines])]"""
    steps = []
    for line in body:
        if steps and steps[-1][0].endswith('\\') and not steps[-1][1]:
            steps[-1][0] = steps[-1][0][:-1] + line.strip()
        elif line.startswith('$ '):
            steps.append([line[2:], []])
        elif steps:
            steps[-1][1].append(line)
    return steps


def matches(expected, actual):
    if not expected:
        return True
    if expected[0] == '...':
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    if not actual:
        return False
    pattern = '.*'.join(re.escape(part) for part in expected[0].split('...'))
    return re.fullmatch(pattern, actual[0]) is not None and matches(expected[1:], actual[1:])


def run_block(b, home, timeout):
    if b['lang'] in ('sh', 'bash'):
        script = 'set -euo pipefail\n' + rewrite('\n'.join(b['body'])) + '\n'
        p = subprocess.run(['bash', '-c', script], cwd=home, capture_output=True, text=True, timeout=timeout)
        return p.returncode == 0, (p.stdout + p.stderr)[-2000:]
    if b['lang'] == 'console':
        out = tempfile.mkdtemp(prefix='dhii-docs-')
        steps = console(b['body'])
        script = ''
        for k, (cmd, expected) in enumerate(steps):
            want = expected[-1][6:-1] if expected and re.fullmatch(r'\(exit \d+\)', expected[-1].strip()) else '0'
            script += f'{{ {rewrite(cmd)}\n}} >{out}/{k}.out 2>{out}/{k}.err; echo $? >{out}/{k}.rc\n'
            script += f'[ "$(cat {out}/{k}.rc)" = {want} ] || exit 0\n'
        subprocess.run(['bash', '-c', script], cwd=home, timeout=timeout)
        for k, (cmd, expected) in enumerate(steps):
            try:
                rc = open(f'{out}/{k}.rc').read().strip()
            except FileNotFoundError:
                return False, f'not run: {cmd}'
            stdout = open(f'{out}/{k}.out').read().rstrip('\n')
            while expected and expected[-1] == '':
                expected = expected[:-1]
            want = '0'
            if expected and re.fullmatch(r'\(exit \d+\)', expected[-1]):
                want, expected = expected[-1][6:-1], expected[:-1]
            if rc != want:
                return False, f'$ {cmd}\nexit {rc}, want {want}\n{stdout[-1000:]}\n{open(f"{out}/{k}.err").read()[-1000:]}'
            if expected and not matches(expected, stdout.split('\n') if stdout else []):
                return False, f'$ {cmd}\nexpected:\n' + '\n'.join(expected) + f'\ngot:\n{stdout[-1500:]}'
        return True, ''
    raise SystemExit(f"{b['file']}:{b['line']}: a runnable block is ```sh or ```console, not {b['lang']!r}")


def main(argv):
    listing = argv[:1] == ['--list']
    files = argv[1:] if listing else argv
    found = [b for f in files for b in blocks(f)]
    bare = [where for f in files for where in unmarked(f)]
    for where in bare:
        print(f"smoke FAIL docs {where}: a command block neither marked <!-- run --> nor <!-- not run: REASON -->")
    if listing:
        for b in found:
            print(f"{b['file']}:{b['line']} {b['lang']}")
        return 1 if bare else 0
    home = os.environ['DHII_DOCS_HOME']
    timeout = int(os.environ.get('DHII_DOCS_BLOCK_TIMEOUT', '600'))
    failed, passed = list(bare), 0
    for b in found:
        where = f"{b['file']}:{b['line']}"
        until = time.monotonic() + b['retry']
        while True:
            try:
                ok, why = run_block(b, home, timeout)
            except subprocess.TimeoutExpired:
                ok, why = False, f'timed out after {timeout} s'
            if ok or time.monotonic() >= until:
                break
            time.sleep(1)
        if ok:
            passed += 1
            print(f"smoke ok   docs {where}")
        else:
            failed.append(where)
            print(f"smoke FAIL docs {where}:\n  " + why.replace('\n', '\n  '))
    print(f"docs: {passed} blocks passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
