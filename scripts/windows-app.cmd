@echo off
chcp 65001 >nul
rem gov-clerk app from the Windows zip (scripts/package.mjs puts this in it as 打开网页.cmd):
rem double-click, the browser opens at the local page; closing this window stops it.
echo 正在启动 gov-clerk 网页，浏览器会自动打开。
echo 用完请在网页上点「退出」，或关闭这个窗口；上传的文件随即删除。
"%~dp0node.exe" "%~dp0gov-clerk.cjs" app
if errorlevel 2 pause
