import t from 'tap'
import { textLanguage } from '../../shared/text-language.ts'

t.test('a message is read as Welsh or English from its words', async (t) => {
  t.equal(textLanguage('Bore da, mae Elin yn sâl heddiw. Diolch'), 'cy')
  t.equal(textLanguage('Ydy’r gwaith cartref yn barod erbyn yfory?'), 'cy')
  t.equal(textLanguage('Diolch'), null, 'one word is too little')
  t.equal(textLanguage('Dŵr oer'), 'cy', 'a circumflexed w is Welsh only')
  t.equal(textLanguage('Hello, Elin is ill today. Thanks'), 'en')
  t.equal(textLanguage('Can we meet on Tuesday about the trip?'), 'en')
  t.equal(textLanguage('OK 👍'), null)
  t.equal(textLanguage('Diolch, thank you, diolch yn fawr, thanks so much'), null, 'evenly mixed is neither')
})
