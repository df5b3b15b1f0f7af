/* handbook: the SOP self-check. Tap an answer: it is marked right or wrong at once, the right
   answer and the explanation appear, and the score shows when every question is answered.
   Plain JavaScript, nothing loaded from the network, nothing stored or sent. One listener on
   the document, so it also works with Material's instant navigation (pages swapped without
   reloading this script). */
(function () {
  "use strict";

  function items(quiz) {
    return Array.prototype.slice.call(quiz.querySelectorAll(".hb-quiz__item"));
  }

  function choices(item) {
    return Array.prototype.slice.call(item.querySelectorAll(".hb-quiz__choice"));
  }

  function showScore(quiz) {
    var score = quiz.querySelector(".hb-quiz__score");
    if (!score) return;
    var all = items(quiz);
    var answered = all.filter(function (item) { return item.classList.contains("is-answered"); });
    if (answered.length < all.length) {
      score.hidden = true;
      score.textContent = "";
      return;
    }
    var correct = answered.filter(function (item) { return item.classList.contains("is-correct"); });
    score.textContent = (quiz.getAttribute("data-score") || "{correct}/{total}")
      .replace("{correct}", String(correct.length))
      .replace("{total}", String(all.length));
    score.hidden = false;
  }

  function answer(item, chosen) {
    if (item.classList.contains("is-answered")) return;
    var right = item.getAttribute("data-answer");
    var isRight = chosen.getAttribute("data-choice") === right;
    choices(item).forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
      if (button.getAttribute("data-choice") === right) button.classList.add("is-answer");
    });
    chosen.classList.add("is-chosen");
    chosen.setAttribute("aria-pressed", "true");
    item.classList.add("is-answered", isRight ? "is-correct" : "is-wrong");
    var feedback = item.querySelector(".hb-quiz__feedback");
    if (feedback) feedback.hidden = false;
    showScore(item.closest(".hb-quiz"));
  }

  function reset(item) {
    item.classList.remove("is-answered", "is-correct", "is-wrong");
    choices(item).forEach(function (button) {
      button.classList.remove("is-answer", "is-chosen");
      button.removeAttribute("aria-disabled");
      button.removeAttribute("aria-pressed");
    });
    var feedback = item.querySelector(".hb-quiz__feedback");
    if (feedback) feedback.hidden = true;
    showScore(item.closest(".hb-quiz"));
    var first = choices(item)[0];
    if (first) first.focus();
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var choice = target.closest(".hb-quiz__choice");
    var retry = target.closest(".hb-quiz__retry");
    var item = (choice || retry) && (choice || retry).closest(".hb-quiz__item");
    if (!item) return;
    if (choice) answer(item, choice);
    else reset(item);
  });
})();
