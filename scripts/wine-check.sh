#!/usr/bin/env bash
# Not in CI: runs the Windows zip (release/gov-clerk-win-x64.zip, from `npm run package`) under
# wine and compares its JSON with the node CLI's, as test/package/single-file.test.ts does for
# the Linux builds. Needs wine (`apt-get install wine64`).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unzip -q release/gov-clerk-win-x64.zip -d "$work"
export WINEDEBUG=-all
# Node 20 refuses Windows older than 8.1, and a new wine prefix says Windows 7.
wine winecfg /v win10 >/dev/null 2>&1
status=0
untimed() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/<时间>/g; s#"path": "[^"]*"#"path": "-"#g; s#\\\\#/#g'; }
for args in "payroll fixtures/roster.xlsx --month 2025-06 --json -q" \
            "annual fixtures/ratings-2025.csv --roster fixtures/roster.xlsx --json -q" \
            "check-roster fixtures/roster.xlsx --as-of 2025-06-30 --json -q" \
            "check-staffing fixtures/centers.xlsx --roster fixtures/roster.xlsx --as-of 2025-06-30 --json -q"; do
  # To files, not pipes: node under wine cannot open a unix pipe as its stdout (EBADF).
  # shellcheck disable=SC2086
  GOV_CLERK_THREADS=require wine "$work/gov-clerk/node.exe" "$work/gov-clerk/gov-clerk.cjs" $args >"$work/out" 2>/dev/null || true
  win="$(tr -d '\r' <"$work/out" | untimed)"
  # shellcheck disable=SC2086
  lin="$(node bin/gov-clerk.cjs $args 2>/dev/null | untimed)" || true
  if [ "$win" == "$lin" ] && [ -n "$lin" ]; then echo "一致：$args"; else echo "不一致：$args"; status=1; fi
done
# A workbook written on Windows, with both threads required, reads back with the same cells.
GOV_CLERK_THREADS=require GOV_CLERK_SPOOL_ROWS=0 wine "$work/gov-clerk/node.exe" "$work/gov-clerk/gov-clerk.cjs" payroll fixtures/roster.xlsx --month 2025-06 -o "$work/win.xlsx" -q >/dev/null 2>&1 || true
GOV_CLERK_THREADS=require GOV_CLERK_SPOOL_ROWS=0 node bin/gov-clerk.cjs payroll fixtures/roster.xlsx --month 2025-06 -o "$work/lin.xlsx" -q || true
node -e "
const ExcelJS = require('exceljs');
const cells = async (f) => { const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(f); const out = [];
  wb.eachSheet((ws) => ws.eachRow((r) => out.push(ws.name + JSON.stringify(r.values).replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/g, 'T').replace(/\"[^\"]*(roster\.xlsx|sucheng-2024-26\.yaml)\"/g, 'F')))); return out.join('\n'); };
Promise.all([cells('$work/win.xlsx'), cells('$work/lin.xlsx')]).then(([a, b]) => { console.log(a === b ? '一致：工作簿' : '不一致：工作簿'); process.exit(a === b ? 0 : 1); });
" || status=1
# Drag and drop: 发放表.cmd with a roster as %1 asks for the month (typed here), writes the
# workbook beside the roster and prints the summary. wine's cmd stands in for a Windows console;
# node's own lines are checked (the batch file's echo lines come out garbled from wine's cmd
# when redirected to a file, which says nothing of a real console).
cp fixtures/roster.xlsx "$work/gov-clerk/花名册.xlsx"
(cd "$work/gov-clerk" && printf '2025-06\r\n\r\n' | wine cmd /c "发放表.cmd" "花名册.xlsx" >"$work/drop.out" 2>"$work/drop.err") || true
if [ -f "$work/gov-clerk/花名册.payroll-2025-06.xlsx" ] && grep -q '计发 50 人，补贴合计 11,980.00 元' "$work/drop.err"; then
  echo "一致：拖放到 发放表.cmd（2025-06，工作簿写在花名册旁边）"
else
  echo "不一致：拖放到 发放表.cmd"; status=1
fi
exit $status
