/* Audit checklists of the managers site: tap pass / fail / n.a. per line, then download the
 * result as a CSV file in the handbook's audit format (content/audits/*.csv).
 *
 * Everything happens in the browser: the file is built in memory and saved through a download
 * link; nothing is fetched and nothing is sent anywhere. The page holds its lines as JSON in
 * `.hb-checklist-data` (written at build time), so this script needs no other data.
 */
(function () {
  "use strict";

  var BOM = "\ufeff";

  function localToday() {
    // The auditor's calendar day, not UTC: an audit at 6:30 in Hanoi is dated that morning.
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  // The handbook's slug: NFD, combining marks dropped, đ -> d, lowercase, other runs -> "-".
  function slug(text) {
    return text
      .normalize("NFD")
      .replace(/\p{Mn}/gu, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  }

  // Branches are compared after trimming and collapsing spaces; write them that way too.
  function tidy(text) {
    return text.normalize("NFC").replace(/\s+/g, " ").trim();
  }

  function csvField(value) {
    return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }

  function csvRow(values) {
    return values.map(csvField).join(",") + "\r\n";
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function Checklist(root) {
    this.root = root;
    this.data = JSON.parse(root.querySelector(".hb-checklist-data").textContent);
    this.form = root.querySelector(".hb-checklist-form");
    this.count = root.querySelector(".hb-checklist-count");
    this.status = root.querySelector(".hb-checklist-status");
    this.results = this.data.lines.map(function () {
      return null;
    });
    var dateInput = this.field("date");
    if (!dateInput.value) {
      dateInput.value = localToday();
    }
    this.form.addEventListener("click", this.onClick.bind(this));
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    root.querySelector(".hb-checklist-download").addEventListener("click", this.download.bind(this));
    root.querySelector(".hb-checklist-clear").addEventListener("click", this.clear.bind(this));
    this.update();
  }

  Checklist.prototype.field = function (name) {
    return this.form.elements.namedItem(name);
  };

  Checklist.prototype.onClick = function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "radio") {
      return;
    }
    var line = Number(input.closest(".hb-line").getAttribute("data-line"));
    if (this.results[line] === input.value) {
      // A second tap on the same choice clears the line: a mistaken tap must be undoable.
      input.checked = false;
      this.results[line] = null;
    } else {
      this.results[line] = input.value;
    }
    this.update();
  };

  Checklist.prototype.update = function () {
    var marked = 0;
    var lines = this.root.querySelectorAll(".hb-line");
    for (var index = 0; index < lines.length; index += 1) {
      var result = this.results[index];
      lines[index].classList.toggle("hb-line--pass", result === "pass");
      lines[index].classList.toggle("hb-line--fail", result === "fail");
      lines[index].classList.toggle("hb-line--na", result === "na");
      if (result) {
        marked += 1;
      }
    }
    this.count.textContent = fill(this.data.labels.marked_of, {
      marked: marked,
      total: this.data.lines.length,
    });
    this.status.textContent = "";
  };

  Checklist.prototype.clear = function () {
    var inputs = this.form.querySelectorAll(".hb-line input");
    for (var index = 0; index < inputs.length; index += 1) {
      if (inputs[index].type === "radio") {
        inputs[index].checked = false;
      } else {
        inputs[index].value = "";
      }
    }
    this.results = this.results.map(function () {
      return null;
    });
    this.update();
  };

  Checklist.prototype.header = function () {
    return {
      date: this.field("date").value.trim(),
      branch: tidy(this.field("branch").value),
      auditor: tidy(this.field("auditor").value),
      person: tidy(this.field("person").value),
    };
  };

  Checklist.prototype.csv = function (header) {
    var data = this.data;
    var text = BOM + csvRow(data.columns);
    for (var index = 0; index < data.lines.length; index += 1) {
      var result = this.results[index];
      if (!result) {
        continue; // unmarked lines are left out; the counter told the auditor how many
      }
      var line = data.lines[index];
      var record = {
        date: header.date,
        branch: header.branch,
        auditor: header.auditor,
        person: header.person,
        role: line.role,
        sop: line.sop,
        step: line.step,
        result: result,
        note: tidy(this.field("note-" + index).value),
      };
      text += csvRow(
        data.columns.map(function (column) {
          return record[column];
        })
      );
    }
    return text;
  };

  Checklist.prototype.download = function () {
    var header = this.header();
    var missing = ["date", "branch", "auditor"].filter(function (name) {
      return name === "date" ? !/^\d{4}-\d{2}-\d{2}$/.test(header.date) : !header[name];
    });
    if (missing.length) {
      this.status.textContent = this.data.labels.missing_fields;
      this.field(missing[0]).focus();
      return;
    }
    if (!this.results.some(Boolean)) {
      this.status.textContent = this.data.labels.nothing_marked;
      return;
    }
    var name =
      [header.date, slug(header.branch) || "branch", this.data.kind, this.data.id].join("-") +
      ".csv";
    var blob = new Blob([this.csv(header)], { type: "text/csv;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
    this.status.textContent = fill(this.data.labels.saved, { file: name });
  };

  function start() {
    var roots = document.querySelectorAll(".hb-checklist");
    for (var index = 0; index < roots.length; index += 1) {
      if (!roots[index].hasAttribute("data-ready")) {
        roots[index].setAttribute("data-ready", "");
        new Checklist(roots[index]);
      }
    }
  }

  // Material's instant navigation swaps pages without reloading: it announces each page on
  // `document$`; without it (or before it exists) the DOM-ready event is enough.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
