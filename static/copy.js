// Copy buttons, hidden until this script shows them (without it the text is still on the page,
// whole, to select and copy by hand):
//   <button data-copy="ID" hidden>          copies the text of the element ID, selecting it;
//   <button data-copy-text="TEXT" hidden>   copies TEXT.
// The result is said in the element named by data-copied (with data-done / data-failed as the
// words), or else on the button itself.
(function () {
  "use strict";

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function say(button, ok) {
    var words = ok
      ? button.getAttribute("data-done") || "Copied"
      : button.getAttribute("data-failed") || "Select it to copy it";
    var status = document.getElementById(button.getAttribute("data-copied") || "");
    if (status) {
      status.textContent = words;
    } else {
      button.textContent = words;
    }
  }

  function copy(button) {
    var text = button.getAttribute("data-copy-text");
    if (text === null) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) {
        return;
      }
      text = source.textContent.trim();
      selectText(source);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { say(button, true); },
        function () { say(button, document.execCommand("copy")); }
      );
    } else {
      say(button, document.execCommand("copy"));
    }
  }

  document.querySelectorAll("button[data-copy], button[data-copy-text]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
