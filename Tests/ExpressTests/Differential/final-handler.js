// finalhandler's 404 and 500 pages keep the headers already set, X-Powered-By: Express among
// them, and add CSP, nosniff, the type and the length (finalhandler 1.3, Express 4.21
// lib/middleware/init.js); Express logs the error.
const express = require("express");
const app = express();
app.get("/boom", (req, res, next) => next("just a string"));
app.listen(3000);

=== GET /nope
Host: localhost:3000
--- response
404 Not Found
X-Powered-By: Express
Content-Security-Policy: default-src 'none'
X-Content-Type-Options: nosniff
Content-Type: text/html; charset=utf-8
Content-Length: 143

<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
<pre>Cannot GET /nope</pre>
</body>
</html>

=== GET /boom
Host: localhost:3000
--- response
500 Internal Server Error
X-Powered-By: Express
Content-Security-Policy: default-src 'none'
X-Content-Type-Options: nosniff
Content-Type: text/html; charset=utf-8
Content-Length: 140

<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
<pre>just a string</pre>
</body>
</html>
--- log
just a string

