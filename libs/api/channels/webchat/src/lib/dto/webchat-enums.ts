import { enumOf, registerCheckedEnumType } from '@parley/api/platform/graphql';
import { DISPLAY_ACTIONS, LAUNCHER_ICONS, LAUNCHER_SHAPES, OFFLINE_FORM_FIELDS, PRECHAT_FIELDS, WEBCHAT_LANGUAGES, WIDGET_POSITIONS } from '@parley/shared/contracts';

// The web chat settings' closed sets as GraphQL enums, the same strings on the wire as the shared
// contracts' lists (the widget and the stored jsonb are unchanged). Their validators (validateWebchatPatch,
// validatePreChat, validateDisplayRules, validateMailSettings) still refuse an unknown value with
// BAD_USER_INPUT naming the field (registerCheckedEnumType).

export const WebchatLanguageEnum = enumOf(WEBCHAT_LANGUAGES);
registerCheckedEnumType(WebchatLanguageEnum, { name: 'WebchatLanguage', description: 'A language the widget has texts for.' });

export const WebchatLauncherIconEnum = enumOf(LAUNCHER_ICONS);
registerCheckedEnumType(WebchatLauncherIconEnum, { name: 'WebchatLauncherIcon', description: 'The icon on the launcher button.' });

export const WebchatLauncherShapeEnum = enumOf(LAUNCHER_SHAPES);
registerCheckedEnumType(WebchatLauncherShapeEnum, { name: 'WebchatLauncherShape', description: 'The shape of the launcher button.' });

export const WebchatPositionEnum = enumOf(WIDGET_POSITIONS);
registerCheckedEnumType(WebchatPositionEnum, { name: 'WebchatPosition', description: 'The corner the widget sits in.' });

export const PreChatFieldKeyEnum = enumOf(PRECHAT_FIELDS);
registerCheckedEnumType(PreChatFieldKeyEnum, { name: 'PreChatFieldKey', description: 'A contact field the pre-chat form asks for (SPEC C3).' });

export const WebchatDisplayActionEnum = enumOf(DISPLAY_ACTIONS);
registerCheckedEnumType(WebchatDisplayActionEnum, { name: 'WebchatDisplayAction', description: 'What a matching display rule does: show the launcher, show a teaser, open the chat, hide the widget.' });

export const WebchatDefaultDisplayActionEnum = enumOf(['show', 'hide'] as const);
registerCheckedEnumType(WebchatDefaultDisplayActionEnum, { name: 'WebchatDefaultDisplayAction', description: 'What the widget does when no display rule matches.' });

export const OfflineFormFieldKeyEnum = enumOf(OFFLINE_FORM_FIELDS);
registerCheckedEnumType(OfflineFormFieldKeyEnum, { name: 'OfflineFormFieldKey', description: 'A field of the offline form (SPEC C2).' });
