// Copy buttons: <button data-copy="ID" data-copied="STATUS-ID" hidden> copies the text of the
// element ID and says so in STATUS-ID. Without this script the button stays hidden and the
// text can still be selected and copied by hand.
(function () {
  "use strict";

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copied(button, ok) {
    var status = document.getElementById(button.getAttribute("data-copied"));
    if (status) {
      status.textContent = ok
        ? "Copied. Now paste it into your calendar."
        : "Could not copy: the address is selected, so copy it from your phone's menu.";
    }
  }

  function copy(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return;
    }
    var text = source.textContent.trim();
    selectText(source);
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { copied(button, true); },
        function () { copied(button, document.execCommand("copy")); }
      );
    } else {
      copied(button, document.execCommand("copy"));
    }
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
