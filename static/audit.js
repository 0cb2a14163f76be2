// Copy buttons for audit hashes: shown only where the browser can copy; the hash itself is
// always on the page, whole, to select by hand.
(function () {
  if (!navigator.clipboard) { return; }
  document.querySelectorAll('button.copy[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.setAttribute('aria-label', 'Copy the hash ' + button.dataset.copy.slice(0, 12) + '…');
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = 'Copied';
      }, function () {
        button.textContent = 'Select the hash to copy it';
      });
    });
  });
})();
