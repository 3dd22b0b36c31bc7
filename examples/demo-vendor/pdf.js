// A minimal valid PDF (one page of Helvetica text), built byte for byte so that the same
// invoice always gives the same file: no dates, no random ids in the trailer.

/** PDF bytes showing `lines` of ASCII text, one under the other. */
function textPdf(lines) {
  const text = lines
    .map((line, i) => `BT /F1 14 Tf 72 ${770 - i * 24} Td (${escape(line)}) Tj ET`)
    .join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      '/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text, 'latin1')} >>\nstream\n${text}\nendstream`
  ]
  let body = '%PDF-1.4\n'
  const offsets = objects.map((object, i) => {
    const offset = Buffer.byteLength(body, 'latin1')
    body += `${i + 1} 0 obj\n${object}\nendobj\n`
    return offset
  })
  const xref = Buffer.byteLength(body, 'latin1')
  // Each cross-reference entry is exactly 20 bytes, its end of line included.
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  body += offsets.map(offset => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

function escape(line) {
  if (/[^\x20-\x7e]/.test(line)) throw new Error(`textPdf takes printable ASCII: ${line}`)
  return line.replace(/[\\()]/g, c => '\\' + c)
}

module.exports = { textPdf }
