// Express's deprecation warnings, in depd's format for a pipe: date, "express deprecated",
// the message, and the place in the app that called (V8's column: the called name); once per
// call site (Express 4.21 lib/response.js, depd 2.0).
const express = require("express");
const app = express();
app.get("/back", (req, res) => res.redirect("back"));
app.get("/old", (req, res) => res.redirect("/new", 301));
app.get("/send", (req, res) => res.send("created", 201));
app.get("/json", (req, res) => res.json(201, { ok: true }));
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
Mon, 15 Jan 2024 12:00:00 GMT express deprecated res.location("back"): use res.location(req.get("Referrer") || "/") and refer to https://dub.sh/security-redirect for best practices at app.js:6:36

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
Mon, 15 Jan 2024 12:00:00 GMT express deprecated res.redirect(url, status): Use res.redirect(status, url) instead at app.js:7:35

=== GET /send
Host: localhost:3000
--- response
201 Created
X-Powered-By: Express
Content-Type: text/html; charset=utf-8
Content-Length: 7
ETag: W/"7-IcUIBbVTt6QOSDlKXXfUQlh93uI"

created
--- log
Mon, 15 Jan 2024 12:00:00 GMT express deprecated res.send(body, status): Use res.status(status).send(body) instead at app.js:8:36

=== GET /json
Host: localhost:3000
--- response
201 Created
X-Powered-By: Express
Content-Type: application/json; charset=utf-8
Content-Length: 11
ETag: W/"b-Ai2R8hgEarLmHKwesT1qcY913ys"

{"ok":true}
--- log
Mon, 15 Jan 2024 12:00:00 GMT express deprecated res.json(status, obj): Use res.status(status).json(obj) instead at app.js:9:36

