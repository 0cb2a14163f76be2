// The schedule form: say at once, as a date is chosen, what the server will say on saving
// (governance/meetings/rules.py, schedule_warnings): a weekend or bank holiday, and a paper
// deadline already passed or due today. The server's notes stay until a date is changed.
(function () {
  "use strict";
  var notes = document.getElementById("schedule-notes");
  var dayInput = document.getElementById("day");
  if (!notes || !dayInput) return;
  var clearDays = parseInt(notes.dataset.clearDays, 10) || 0;
  var workingDays = notes.dataset.workingDays === "true";
  var holidays = JSON.parse(notes.dataset.holidays || "{}");
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function parse(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  }
  function iso(d) { return d.toISOString().slice(0, 10); }
  function addDays(d, n) { return new Date(d.getTime() + n * 86400000); }
  function weekend(d) { return d.getUTCDay() === 0 || d.getUTCDay() === 6; }
  function longDay(d) {
    return DAYS[d.getUTCDay()] + " " + d.getUTCDate() + " " + MONTHS[d.getUTCMonth()];
  }
  function fullDate(d) {
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  function warnings(day, today) {
    if (day < today) return ["That date is in the past."];
    var out = [];
    if (holidays[iso(day)]) {
      out.push(fullDate(day) + " is a bank holiday in England and Wales (" + holidays[iso(day)] + ").");
    } else if (weekend(day)) {
      out.push(fullDate(day) + " is a " + DAYS[day.getUTCDay()] + ".");
    }
    var first = day, counted = 0;
    while (counted < clearDays) {
      first = addDays(first, -1);
      // A working day is Monday to Friday and not a bank holiday (rules.is_working_day).
      if (!workingDays || (!weekend(first) && !holidays[iso(first)])) counted += 1;
    }
    var last = addDays(first, -1);
    var words = clearDays + " clear " + (workingDays ? "working " : "") + "days";
    if (last < today) {
      out.push("The paper deadline for this date has already passed (the end of " + longDay(last) +
        "), so members cannot have " + words + "\u2019 notice of papers: any paper will be late " +
        "and needs a reason and the chair\u2019s consent.");
    } else if (iso(last) === iso(today)) {
      out.push("Papers for this date must go out by the end of today (" + longDay(last) +
        ") to give " + words + "\u2019 notice.");
    }
    return out;
  }

  function show() {
    var day = parse(dayInput.value), today = parse(notes.dataset.today);
    if (!day || !today) return;
    notes.textContent = "";
    warnings(day, today).forEach(function (text) {
      var p = document.createElement("p");
      p.className = "flash flash-warning";
      p.textContent = text;
      notes.appendChild(p);
    });
  }
  dayInput.addEventListener("change", show);
  dayInput.addEventListener("input", show);
})();
