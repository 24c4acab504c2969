// The session app with a store both instances share: connect-sqlite3 on one file (WAL, as
// concurrentDb sets it), for `crumbs serve --instances 2`.
const express = require("express");
const session = require("express-session");
const SQLiteStore = require("connect-sqlite3")(session);
const app = express();

app.use(session({
  store: new SQLiteStore({ db: "crumbs-bench-sessions.db", concurrentDb: true }),
  resave: false, saveUninitialized: false, secret: "keyboard cat",
}));

app.get("/", (req, res) => {
  req.session.views = (req.session.views || 0) + 1;
  res.send(`views: ${req.session.views}`);
});

app.listen(3999);
