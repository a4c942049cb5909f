// Progressive enhancement for the results page: print and copy-link buttons appear only with JavaScript.
// The buttons start hidden twice over (the hidden attribute and govuk-!-display-none, because
// .govuk-button sets display and so overrides hidden); show() undoes both.
function show (button) {
  button.hidden = false
  button.classList.remove('govuk-!-display-none')
}

for (const button of document.querySelectorAll('[data-signpost-print]')) {
  show(button)
  button.addEventListener('click', () => window.print())
}
for (const button of document.querySelectorAll('[data-signpost-copy]')) {
  const source = document.getElementById(button.dataset.signpostCopy)
  if (!source || !navigator.clipboard) continue
  show(button)
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(source.textContent.trim())
    button.textContent = button.dataset.copiedText || 'Link copied'
  })
}

// Print the other helplines open, so the paper copy has their numbers.
const closed = []
window.addEventListener('beforeprint', () => {
  for (const details of document.querySelectorAll('details.signpost-group:not([open])')) {
    details.open = true
    closed.push(details)
  }
})
window.addEventListener('afterprint', () => {
  while (closed.length) closed.pop().open = false
})
