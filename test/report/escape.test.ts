import { describe, expect, it } from 'vitest';
import { clip, csvCell, escapeHtml, html, md, terminalText } from '../../src/report/escape.js';
import { cutIp, hashId } from '../../src/report/redact.js';
import { inWords } from '../../src/report/narrative.js';

describe('escaping', () => {
  it('HTML: every markup character becomes an entity, and the template escapes by default', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&\``)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;&#96;');
    const hostile = '<script>alert(1)</script>';
    expect(html`<td>${hostile}</td>`.value).toBe('<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>');
    expect(html`<p>${[hostile, html`<b>${'x'}</b>`]}</p>`.value).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;<b>x</b></p>');
    expect(html`${'bell\u0007 esc\u001b[31m nul\u0000 rtl\u202e'}`.value).toBe('bell\uFFFD esc\uFFFD[31m nul\uFFFD rtl\uFFFD');
  });

  it('Markdown: links, images, HTML, tables and emphasis are shown, not rendered', () => {
    expect(md`| ${'# heading [link](javascript:alert(1)) | pipe *bold* ![i](x)'} |`).toBe(
      '| \\# heading \\[link\\](javascript:alert(1)) \\| pipe \\*bold\\* !\\[i\\](x) |',
    );
    expect(md`${'<script>x</script>'}`).toBe('\\<script\\>x\\</script\\>');
    expect(md`${'line one\nline two\r\n- item'}`).toBe('line one line two - item');
    // Block markers are defused only where a line starts.
    expect(md`- ${'- not a nested list'}`).toBe('- \\- not a nested list');
    expect(md`> ${'1. not a list'}`).toBe('> 1\\. not a list');
    expect(md`version ${'0.1.0'}`).toBe('version 0.1.0');
  });

  it('CSV: formulas are neutralised and separators quoted', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(1+1)')).toBe("'@SUM(1+1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('  =1')).toBe("'  =1");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('acct_1')).toBe('acct_1');
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(null)).toBe('');
    expect(csvCell('nul\u0000')).toBe('nul\uFFFD');
  });

  it('terminal: no escape sequence from the data reaches it', () => {
    expect(terminalText('a\u001b[2Jb\u0007c\u009bd')).toBe('a\\u001b[2Jb\\u0007c\\u009bd');
  });

  it('clips long text with an ellipsis', () => {
    expect(clip('x'.repeat(10), 5)).toBe('xxxx…');
    expect(clip('short', 5)).toBe('short');
  });
});

describe('redaction primitives', () => {
  it('cuts IPv4 to /24 and IPv6 to /48, keeping networks that are already wider', () => {
    expect(cutIp('203.0.113.77')).toBe('203.0.113.0/24');
    expect(cutIp('203.0.113.77', 32)).toBe('203.0.113.0/24');
    expect(cutIp('10.0.0.0', 8)).toBe('10.0.0.0/8');
    expect(cutIp('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
    expect(cutIp('2001:0db8:0000:0012:0000:0000:0000:0001')).toBe('2001:db8:0::/48');
    expect(cutIp('::ffff:192.0.2.1')).toBe('0:0:0::/48');
  });

  it('hashes ids with the salt, stably', () => {
    expect(hashId('acct_1', 'salt')).toMatch(/^anon-[0-9a-f]{16}$/);
    expect(hashId('acct_1', 'salt')).toBe(hashId('acct_1', 'salt'));
    expect(hashId('acct_1', 'salt')).not.toBe(hashId('acct_1', 'pepper'));
  });
});

describe('plain words', () => {
  it('states large disclosure figures in millions, rounding down', () => {
    expect(inWords('more than 13,000,000')).toBe('more than 13 million');
    expect(inWords('more than 3,400,000')).toBe('more than 3.4 million');
    expect(inWords('more than 28,000,000')).toBe('more than 28 million');
    expect(inWords('more than 150,000')).toBe('more than 150,000');
    expect(inWords('more than 1,200,000,000')).toBe('more than 1.2 billion');
  });
});
