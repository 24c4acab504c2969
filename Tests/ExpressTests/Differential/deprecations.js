// Express's deprecation warnings, in depd's format for a pipe: date, "express deprecated",
// the message, and the place in the app that called (its column is JavaScriptCore's, at the
// call's parenthesis, where V8 counts from the method's name); once per call site (Express 4.21
// lib/response.js, depd 2.0).
const express = require("express");
const app = express();
app.get("/back", (req, res) => res.redirect("back"));
app.get("/old", (req, res) => res.redirect("/new", 301));
app.listen(3000);

=== GET /back
Host: localhost:3000
Referer: http://localhost:3000/form
--- response
302 Found
X-Powered-By: Express
Location: http://localhost:3000/form
Vary: Accept
Content-Type: text/plain; charset=utf-8
Content-Length: 48

Found. Redirecting to http://localhost:3000/form
--- log
Mon, 15 Jan 2024 12:00:00 GMT express deprecated res.location("back"): use res.location(req.get("Referrer") || "/") and refer to https://dub.sh/security-redirect for best practices at app.js:7:44

=== GET /back
Host: localhost:3000
--- response
302 Found
X-Powered-By: Express
Location: /
Vary: Accept
Content-Type: text/plain; charset=utf-8
Content-Length: 23

Found. Redirecting to /

=== GET /old
Host: localhost:3000
--- response
301 Moved Permanently
X-Powered-By: Express
Location: /new
Vary: Accept
Content-Type: text/plain; charset=utf-8
Content-Length: 38

Moved Permanently. Redirecting to /new
--- log
Mon, 15 Jan 2024 12:00:00 GMT express deprecated res.redirect(url, status): Use res.redirect(status, url) instead at app.js:8:43

