// Builds Invoke envelopes with npm's @device-management-toolkit/wsman-messages (make interop,
// issue #9). The package's CIM/AMT method messages are all made by its WSManMessageCreator
// (createHeader + createBody + createXml); we use that same builder for MI_Interop's methods,
// so the mock sees the package's exact shape: a default-namespace envelope, MessageID 0, 1, ...,
// To "/wsman", no MaxEnvelopeSize or Locale, and no __cimnamespace selector (the package
// never sends one, so the server's default namespace answers).
//
// usage: node build_envelopes.js OUTDIR   (the package is found through NODE_PATH)
// Writes OUTDIR/echo.xml (static Echo) and OUTDIR/rename.xml (Rename on Name="alpha").
'use strict'

const fs = require('fs')
const path = require('path')
const { WSManMessageCreator } = require('@device-management-toolkit/wsman-messages/WSMan')

const outDir = process.argv[2]
if (!outDir) {
  console.error('usage: node build_envelopes.js OUTDIR')
  process.exit(2)
}

const base = 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/'
const cls = 'MI_Interop'
const creator = new WSManMessageCreator(base)

function invoke (method, selector, params) {
  const header = creator.createHeader(`${base}${cls}/${method}`, cls, selector)
  const body = creator.createBody(`${method}_INPUT`, cls, params)
  return creator.createXml(header, body)
}

fs.mkdirSync(outDir, { recursive: true })
fs.writeFileSync(path.join(outDir, 'echo.xml'),
  invoke('Echo', null, { Text: 'from wsman-messages', Count: 3 }))
fs.writeFileSync(path.join(outDir, 'rename.xml'),
  invoke('Rename', { name: 'Name', value: 'alpha' }, { NewName: 'epsilon', Force: true }))
