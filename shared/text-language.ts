/**
 * Which language a short text written by a person is in, Welsh or English, read from its most
 * common words. Used to compare how fast staff answer messages written in Welsh and in English,
 * so it only has to tell those two apart; a text with too little to go on is `null`.
 */

// Function words and everyday school words, each frequent in one language and rare in the other.
const WELSH = new Set(
  (
    'ac ai ar bod bore bydd byddai chi chwi da dda ddim diolch dw dwi dy ei eich ein eisiau ela ' +
    'fe fi fod fy gallu gan gaf gennych gen gyda hefyd heddiw hi hwn hwnna hyn i iawn mae maen mewn mi na nad ' +
    'neu nhw ni nid o oedd oes os pam pan plant plentyn pnawn roedd sut syr tan trwy wedi wrth y yda ydi ydw ' +
    'ydy ydych ydyn yma ymlaen yn yr ysgol yfory athro athrawes gwaith cartref dosbarth yno rwy rydw rydyn ' +
    'rydych gwybod angen amser nos wythnos bach mawr hwyl croeso cyfarfod'
  ).split(' '),
)
const ENGLISH = new Set(
  (
    'the and is are was were be been to of in on at for with it this that these those you your we our they ' +
    'their he she his her i my me not no yes do does did have has had will would can could should please ' +
    'thanks thank hello hi dear morning afternoon today tomorrow school class teacher homework child son ' +
    'daughter about what when where why how there here from as but or if so just also very well know need'
  ).split(' '),
)

/** 'cy' or 'en' when at least two words say so and one language clearly leads; else null. */
export function textLanguage(text: string): 'cy' | 'en' | null {
  const words = text
    .toLowerCase()
    .normalize('NFC')
    .split(/[^\p{L}']+/u)
    .filter(Boolean)
  let cy = 0
  let en = 0
  for (const word of words) {
    // Letters only Welsh writes: circumflexed w and y.
    if (/[ŵŷ]/u.test(word)) cy += 2
    else if (WELSH.has(word) && !ENGLISH.has(word)) cy++
    else if (ENGLISH.has(word) && !WELSH.has(word)) en++
  }
  if (cy + en < 2) return null
  if (cy >= 2 * en && cy >= 2) return 'cy'
  if (en >= 2 * cy && en >= 2) return 'en'
  return null
}
