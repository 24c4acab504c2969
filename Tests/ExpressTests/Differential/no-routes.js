// An app that never declared a route or middleware has no router, so expressInit never ran:
// its 404 comes without X-Powered-By (Express 4.21 lib/application.js app.handle).
const express = require("express");
const app = express();
app.listen(3000);

=== GET /
Host: localhost:3000
--- response
404 Not Found
Content-Security-Policy: default-src 'none'
X-Content-Type-Options: nosniff
Content-Type: text/html; charset=utf-8
Content-Length: 139

<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
<pre>Cannot GET /</pre>
</body>
</html>

