// Progressive enhancement for the results page: print and copy-link buttons appear only with JavaScript.
for (const button of document.querySelectorAll('[data-signpost-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
for (const button of document.querySelectorAll('[data-signpost-copy]')) {
  const source = document.getElementById(button.dataset.signpostCopy)
  if (!source || !navigator.clipboard) continue
  button.hidden = false
  button.addEventListener('click', async () => {
    await navigator.clipboard.writeText(source.textContent.trim())
    button.textContent = 'Link copied'
  })
}
