// Progressive enhancement for the officer toolkit: the Copy link and Print buttons appear only with
// JavaScript (Copy link only where the browser lets the page write to the clipboard).
// The buttons start hidden twice over (the hidden attribute and govuk-!-display-none, because
// .govuk-button sets display and so overrides hidden); show() undoes both.
function show (button) {
  button.hidden = false
  button.classList.remove('govuk-!-display-none')
}

for (const button of document.querySelectorAll('[data-officer-print]')) {
  show(button)
  button.addEventListener('click', () => window.print())
}
for (const button of document.querySelectorAll('[data-officer-copy]')) {
  const source = document.getElementById(button.dataset.officerCopy)
  const status = document.getElementById('copy-status')
  if (!source || !navigator.clipboard) continue
  show(button)
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim())
      button.textContent = 'Link copied'
      if (status) status.textContent = 'The link has been copied.'
    } catch {
      if (status) status.textContent = 'The link could not be copied. Select it and copy it instead.'
    }
  })
}

// The device's own share sheet (text, email, messaging apps), where the browser has one.
for (const button of document.querySelectorAll('[data-officer-share]')) {
  const source = document.getElementById(button.dataset.officerShare)
  if (!source || !navigator.share) continue
  show(button)
  button.addEventListener('click', async () => {
    try {
      await navigator.share({ title: button.dataset.shareTitle, url: source.textContent.trim() })
    } catch {
      // Closing the share sheet is not an error worth telling anyone about.
    }
  })
}
