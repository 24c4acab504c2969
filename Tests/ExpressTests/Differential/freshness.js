// req.fresh (fresh 0.5): Cache-Control: no-cache in the request defeats a matching
// If-None-Match; If-Modified-Since is checked against Last-Modified; when both are sent, both
// must pass. A fresh GET is answered 304 without Content-Type and Content-Length.
const express = require("express");
const app = express();
app.get("/page", (req, res) => {
  res.set("Last-Modified", "Mon, 15 Jan 2024 10:00:00 GMT");
  res.send("page");
});
app.listen(3000);

=== GET /page
Host: localhost:3000
If-None-Match: W/"4-dnATzg7g9tegdYeRLroxBM+qvBU"
--- response
304 Not Modified
X-Powered-By: Express
Last-Modified: Mon, 15 Jan 2024 10:00:00 GMT
ETag: W/"4-dnATzg7g9tegdYeRLroxBM+qvBU"

=== GET /page
Host: localhost:3000
If-None-Match: W/"4-dnATzg7g9tegdYeRLroxBM+qvBU"
Cache-Control: no-cache
--- response
200 OK
X-Powered-By: Express
Last-Modified: Mon, 15 Jan 2024 10:00:00 GMT
Content-Type: text/html; charset=utf-8
Content-Length: 4
ETag: W/"4-dnATzg7g9tegdYeRLroxBM+qvBU"

page

=== GET /page
Host: localhost:3000
If-Modified-Since: Mon, 15 Jan 2024 11:00:00 GMT
--- response
304 Not Modified
X-Powered-By: Express
Last-Modified: Mon, 15 Jan 2024 10:00:00 GMT
ETag: W/"4-dnATzg7g9tegdYeRLroxBM+qvBU"

=== GET /page
Host: localhost:3000
If-Modified-Since: Mon, 15 Jan 2024 09:00:00 GMT
--- response
200 OK
X-Powered-By: Express
Last-Modified: Mon, 15 Jan 2024 10:00:00 GMT
Content-Type: text/html; charset=utf-8
Content-Length: 4
ETag: W/"4-dnATzg7g9tegdYeRLroxBM+qvBU"

page

=== GET /page
Host: localhost:3000
If-None-Match: W/"4-dnATzg7g9tegdYeRLroxBM+qvBU"
If-Modified-Since: Mon, 15 Jan 2024 09:00:00 GMT
--- response
200 OK
X-Powered-By: Express
Last-Modified: Mon, 15 Jan 2024 10:00:00 GMT
Content-Type: text/html; charset=utf-8
Content-Length: 4
ETag: W/"4-dnATzg7g9tegdYeRLroxBM+qvBU"

page

