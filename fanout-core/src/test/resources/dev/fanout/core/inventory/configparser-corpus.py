"""Writes configparser-corpus.txt: random INI texts and what Python's configparser makes of them.

IniFileCompatibilityTest replays the corpus against IniFile. Regenerate with: python3 configparser-corpus.py
(the corpus in the repository was made with CPython 3.11.7). Format, one record per line, fields separated by tabs,
text fields escaped with \\\\, \\n, \\r and \\t:
  case     TEXT
  error    KIND LINE          (KIND: parsing, header, DuplicateOptionError or DuplicateSectionError)
  sections NAME...
  value    SECTION OPTION RAW RESULT [VALUE]   (RESULT: v with VALUE, or missing, syntax or depth)
For a parsing error LINE is the first bad line; for the others it is the line configparser stopped at, and an
earlier bad line may be reported instead.
"""
import configparser
import random

random.seed(2024)
NAMES = ['a', 'B', 'port', 'user', 'x y', 'Name', 'dom']
VALUES = ['1', 'v w', '%(a)s', '%(dom)s.x', '50%%', '5%', '%(b)s!', '%(', '%()s', '%(port)s', '', ' spaced  ',
          '%(x y)s', 'a ; b', '[c]', 'caf\u00e9\u00a0']


def line():
    r = random.random()
    indent = random.choice(['', '', '', ' ', '  ', '\t', '    ', '\u00a0'])
    if r < 0.12:
        return indent + random.choice(['[s1]', '[s2]', '[DEFAULT]', '[S1]', '[s[1-2]] ; c', '[a]b]', '[]'])
    if r < 0.55:
        return indent + random.choice(NAMES) + random.choice([' = ', '=', ': ', ' :']) + random.choice(VALUES)
    if r < 0.65:
        return indent + random.choice(['# c', '; c', '#', ';x=1'])
    if r < 0.8:
        return random.choice(['', ' ', '\t'])
    if r < 0.98:
        return indent + random.choice(['cont', 'more = x', '%(a)s', '  deep'])
    return indent + random.choice(['bogus', '= 1', ': 2'])


def esc(s):
    return s.replace('\\', '\\\\').replace('\n', '\\n').replace('\r', '\\r').replace('\t', '\\t')


def record(text):
    out = ['case\t' + esc(text)]
    p = configparser.ConfigParser()
    try:
        p.read_string(text)
    except configparser.MissingSectionHeaderError as e:
        return out + ['error\theader\t%d' % e.lineno]
    except configparser.ParsingError as e:
        return out + ['error\tparsing\t%d' % e.errors[0][0]]
    except (configparser.DuplicateOptionError, configparser.DuplicateSectionError) as e:
        return out + ['error\t%s\t%d' % (type(e).__name__, e.lineno)]
    out.append('\t'.join(['sections'] + [esc(s) for s in p.sections()]))
    for s in p.sections():
        for k in p[s]:
            fields = ['value', esc(s), esc(k), esc(p.get(s, k, raw=True))]
            try:
                fields += ['v', esc(p.get(s, k))]
            except configparser.InterpolationMissingOptionError:
                fields.append('missing')
            except configparser.InterpolationSyntaxError:
                fields.append('syntax')
            except configparser.InterpolationDepthError:
                fields.append('depth')
            out.append('\t'.join(fields))
    return out


lines = []
for _ in range(500):
    body = [line() for _ in range(random.randint(1, 14))]
    if random.random() < 0.8:
        body.insert(0, random.choice(['[s1]', '[DEFAULT]']))
    text = random.choice(['\n', '\r\n']).join(body) + random.choice(['', '\n'])
    if '\r\n' in text:
        text = text.replace('\n', '\r\n').replace('\r\r\n', '\r\n')
    lines += record(text)
with open('configparser-corpus.txt', 'w', encoding='utf-8', newline='\n') as f:
    f.write('\n'.join(lines) + '\n')
