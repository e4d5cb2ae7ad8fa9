import { CATEGORIES, type Category, type ChannelChoice, type Preferences } from '../../../shared/schemas/notifications.ts'
import { T, useLanguage, useText } from '../i18n.tsx'

const CHOSEN_CHANNELS = ['email', 'push'] as const

/** Categories by channel: email and push are the person's choice; in-app is always on (the note says so). */
export function ChannelTable({
  channels,
  onChange,
}: {
  channels: Preferences['channels']
  onChange: (category: Category, choice: ChannelChoice) => void
}) {
  const { i18n } = useLanguage()
  const text = useText()
  const name = (category: Category, channel: string) =>
    text('web.settings.channel_for', (lng) => ({
      category: i18n.t(`notification.categories.${category}`, { lng }),
      channel: i18n.t(`web.notifications.channels.${channel}`, { lng }),
    }))
  return (
    <fieldset class="field">
      <legend>
        <T k="web.settings.channels" />
      </legend>
      <p id="channels-help" class="muted">
        <T k="web.settings.in_app_note" block />
      </p>
      <div class="table-scroll">
        <table class="channels" aria-describedby="channels-help">
          <thead>
            <tr>
              <th scope="col">
                <T k="web.settings.category" />
              </th>
              {CHOSEN_CHANNELS.map((channel) => (
                <th scope="col" key={channel}>
                  <T k={`web.notifications.channels.${channel}`} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {CATEGORIES.map((category) => (
              <tr key={category}>
                <th scope="row">
                  <T k={`notification.categories.${category}`} />
                </th>
                {CHOSEN_CHANNELS.map((channel) => (
                  <td key={channel}>
                    <input
                      type="checkbox"
                      id={`channel-${category}-${channel}`}
                      aria-label={name(category, channel)}
                      checked={channels[category][channel]}
                      onChange={(event) =>
                        onChange(category, { ...channels[category], [channel]: (event.currentTarget as HTMLInputElement).checked })
                      }
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </fieldset>
  )
}
