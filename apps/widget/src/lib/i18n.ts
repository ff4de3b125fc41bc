/**
 * The widget's own texts in the 20 languages of SPEC C5, the browser's language negotiation and
 * the writing direction. Texts an admin wrote per language (channel settings `texts`) override the
 * header and welcome defaults; everything else (buttons, statuses, errors) comes from here.
 */
import { FILE_TEXTS, type FileTexts, type WidgetLanguage } from './i18n-files';

/** The chat's own texts; the file and consent texts live in `i18n-files.ts`. */
interface ChatTexts {
  open: string;
  close: string;
  msgs: string;
  input: string;
  send: string;
  save: string;
  cancel: string;
  editing: string;
  edit: string;
  editLabel: string;
  retry: string;
  sending: string;
  notSent: string;
  delivered: string;
  read: string;
  edited: string;
  /** `{name}` is replaced */
  typing: string;
  operator: string;
  you: string;
  reconnect: string;
  tooFast: string;
  tooLong: string;
  empty: string;
  error: string;
  placeholder: string;
  header: string;
  welcome: string;
  /** `{n}` is replaced */
  queue: string;
  /** `{m}` minutes */
  wait: string;
  offline: string;
  /** `{n}` is replaced */
  unread: string;
  form: string;
  name: string;
  email: string;
  phone: string;
  optional: string;
  start: string;
  required: string;
  badEmail: string;
  badPhone: string;
  dismiss: string;
  unavailable: string;
  /** SPEC D2: after the bot closed the chat */
  restart: string;
  /** SPEC D2: the label of the bot's answer buttons */
  answers: string;
}

export interface UiTexts extends ChatTexts, FileTexts {}

const enChat: ChatTexts = {
  open: 'Open chat',
  close: 'Close chat',
  msgs: 'Messages',
  input: 'Message',
  send: 'Send message',
  save: 'Save edit',
  cancel: 'Cancel',
  editing: 'Editing your message',
  edit: 'Edit',
  editLabel: 'Edit your last message',
  retry: 'Retry',
  sending: 'Sending…',
  notSent: 'Not sent',
  delivered: 'Delivered',
  read: 'Read',
  edited: 'edited',
  typing: '{name} is typing…',
  operator: 'Operator',
  you: 'You:',
  reconnect: 'Connection lost. Reconnecting…',
  tooFast: 'too many messages, wait a moment',
  tooLong: 'message too long',
  empty: 'message is empty',
  error: 'Something went wrong. Please try again.',
  placeholder: 'Type your message…',
  header: 'We usually reply within a few minutes',
  welcome: 'Hi! How can we help you today?',
  queue: 'You are number {n} in the queue',
  wait: 'Estimated wait: {m} min',
  offline: "We're offline right now. Leave a message and we'll get back to you.",
  unread: '{n} unread',
  form: 'Before we start, please tell us about yourself',
  name: 'Name',
  email: 'E-mail',
  phone: 'Phone',
  optional: 'optional',
  start: 'Start chat',
  required: 'Required',
  badEmail: 'Enter a valid e-mail address',
  badPhone: 'Enter a valid phone number',
  dismiss: 'Dismiss',
  unavailable: 'Chat is unavailable.',
  restart: 'Start again',
  answers: 'Choose an answer',
};

const CHAT_TEXTS: Record<WidgetLanguage, ChatTexts> = {
  en: enChat,
  pl: {
    open: 'Otwórz czat', close: 'Zamknij czat', msgs: 'Wiadomości', input: 'Wiadomość', send: 'Wyślij wiadomość', save: 'Zapisz zmiany', cancel: 'Anuluj',
    editing: 'Edytujesz wiadomość', edit: 'Edytuj', editLabel: 'Edytuj ostatnią wiadomość', retry: 'Ponów', sending: 'Wysyłanie…', notSent: 'Nie wysłano',
    delivered: 'Dostarczono', read: 'Przeczytano', edited: 'edytowano', typing: '{name} pisze…', operator: 'Konsultant', you: 'Ty:',
    reconnect: 'Utracono połączenie. Łączenie ponownie…', tooFast: 'za dużo wiadomości, poczekaj chwilę', tooLong: 'wiadomość jest za długa', empty: 'wiadomość jest pusta',
    error: 'Coś poszło nie tak. Spróbuj ponownie.', placeholder: 'Napisz wiadomość…', header: 'Zwykle odpowiadamy w ciągu kilku minut', welcome: 'Cześć! W czym możemy pomóc?',
    queue: 'Jesteś {n}. w kolejce', wait: 'Szacowany czas oczekiwania: {m} min', offline: 'Jesteśmy teraz niedostępni. Zostaw wiadomość, a odezwiemy się.', unread: 'Nieprzeczytane: {n}',
    form: 'Zanim zaczniemy, przedstaw się', name: 'Imię i nazwisko', email: 'E-mail', phone: 'Telefon', optional: 'opcjonalnie', start: 'Rozpocznij czat', required: 'Wymagane',
    badEmail: 'Podaj poprawny adres e-mail', badPhone: 'Podaj poprawny numer telefonu', dismiss: 'Zamknij', unavailable: 'Czat jest niedostępny.', restart: 'Zacznij od nowa', answers: 'Wybierz odpowiedź',
  },
  de: {
    open: 'Chat öffnen', close: 'Chat schließen', msgs: 'Nachrichten', input: 'Nachricht', send: 'Nachricht senden', save: 'Änderung speichern', cancel: 'Abbrechen',
    editing: 'Sie bearbeiten Ihre Nachricht', edit: 'Bearbeiten', editLabel: 'Letzte Nachricht bearbeiten', retry: 'Erneut senden', sending: 'Wird gesendet…', notSent: 'Nicht gesendet',
    delivered: 'Zugestellt', read: 'Gelesen', edited: 'bearbeitet', typing: '{name} schreibt…', operator: 'Mitarbeiter', you: 'Sie:',
    reconnect: 'Verbindung unterbrochen. Neuer Versuch…', tooFast: 'zu viele Nachrichten, bitte kurz warten', tooLong: 'Nachricht zu lang', empty: 'Nachricht ist leer',
    error: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.', placeholder: 'Nachricht eingeben…', header: 'Wir antworten meist innerhalb weniger Minuten', welcome: 'Hallo! Wie können wir helfen?',
    queue: 'Sie sind Nummer {n} in der Warteschlange', wait: 'Geschätzte Wartezeit: {m} Min.', offline: 'Wir sind gerade nicht erreichbar. Hinterlassen Sie eine Nachricht, wir melden uns.', unread: '{n} ungelesen',
    form: 'Bevor es losgeht: Wer sind Sie?', name: 'Name', email: 'E-Mail', phone: 'Telefon', optional: 'optional', start: 'Chat starten', required: 'Pflichtfeld',
    badEmail: 'Bitte eine gültige E-Mail-Adresse eingeben', badPhone: 'Bitte eine gültige Telefonnummer eingeben', dismiss: 'Schließen', unavailable: 'Der Chat ist nicht verfügbar.', restart: 'Neu beginnen', answers: 'Wählen Sie eine Antwort',
  },
  ru: {
    open: 'Открыть чат', close: 'Закрыть чат', msgs: 'Сообщения', input: 'Сообщение', send: 'Отправить сообщение', save: 'Сохранить', cancel: 'Отмена',
    editing: 'Редактирование сообщения', edit: 'Изменить', editLabel: 'Изменить последнее сообщение', retry: 'Повторить', sending: 'Отправка…', notSent: 'Не отправлено',
    delivered: 'Доставлено', read: 'Прочитано', edited: 'изменено', typing: '{name} печатает…', operator: 'Оператор', you: 'Вы:',
    reconnect: 'Соединение потеряно. Переподключение…', tooFast: 'слишком много сообщений, подождите', tooLong: 'сообщение слишком длинное', empty: 'сообщение пустое',
    error: 'Что-то пошло не так. Попробуйте ещё раз.', placeholder: 'Введите сообщение…', header: 'Обычно отвечаем в течение нескольких минут', welcome: 'Здравствуйте! Чем можем помочь?',
    queue: 'Вы {n}-й в очереди', wait: 'Ожидание: около {m} мин', offline: 'Сейчас мы не в сети. Оставьте сообщение, и мы ответим.', unread: 'Непрочитанных: {n}',
    form: 'Прежде чем начать, представьтесь', name: 'Имя', email: 'E-mail', phone: 'Телефон', optional: 'необязательно', start: 'Начать чат', required: 'Обязательно',
    badEmail: 'Введите корректный адрес e-mail', badPhone: 'Введите корректный номер телефона', dismiss: 'Скрыть', unavailable: 'Чат недоступен.', restart: 'Начать заново', answers: 'Выберите ответ',
  },
  nl: {
    open: 'Chat openen', close: 'Chat sluiten', msgs: 'Berichten', input: 'Bericht', send: 'Bericht versturen', save: 'Wijziging opslaan', cancel: 'Annuleren',
    editing: 'Je bewerkt je bericht', edit: 'Bewerken', editLabel: 'Laatste bericht bewerken', retry: 'Opnieuw', sending: 'Versturen…', notSent: 'Niet verstuurd',
    delivered: 'Afgeleverd', read: 'Gelezen', edited: 'bewerkt', typing: '{name} typt…', operator: 'Medewerker', you: 'Jij:',
    reconnect: 'Verbinding verbroken. Opnieuw verbinden…', tooFast: 'te veel berichten, wacht even', tooLong: 'bericht te lang', empty: 'bericht is leeg',
    error: 'Er ging iets mis. Probeer het opnieuw.', placeholder: 'Typ je bericht…', header: 'We reageren meestal binnen een paar minuten', welcome: 'Hallo! Waarmee kunnen we helpen?',
    queue: 'Je bent nummer {n} in de wachtrij', wait: 'Geschatte wachttijd: {m} min', offline: 'We zijn nu offline. Laat een bericht achter, we nemen contact op.', unread: '{n} ongelezen',
    form: 'Vertel ons eerst wie je bent', name: 'Naam', email: 'E-mail', phone: 'Telefoon', optional: 'optioneel', start: 'Chat starten', required: 'Verplicht',
    badEmail: 'Vul een geldig e-mailadres in', badPhone: 'Vul een geldig telefoonnummer in', dismiss: 'Sluiten', unavailable: 'De chat is niet beschikbaar.', restart: 'Opnieuw beginnen', answers: 'Kies een antwoord',
  },
  es: {
    open: 'Abrir chat', close: 'Cerrar chat', msgs: 'Mensajes', input: 'Mensaje', send: 'Enviar mensaje', save: 'Guardar cambios', cancel: 'Cancelar',
    editing: 'Editando tu mensaje', edit: 'Editar', editLabel: 'Editar tu último mensaje', retry: 'Reintentar', sending: 'Enviando…', notSent: 'No enviado',
    delivered: 'Entregado', read: 'Leído', edited: 'editado', typing: '{name} está escribiendo…', operator: 'Agente', you: 'Tú:',
    reconnect: 'Conexión perdida. Reconectando…', tooFast: 'demasiados mensajes, espera un momento', tooLong: 'mensaje demasiado largo', empty: 'el mensaje está vacío',
    error: 'Algo salió mal. Inténtalo de nuevo.', placeholder: 'Escribe tu mensaje…', header: 'Solemos responder en pocos minutos', welcome: '¡Hola! ¿En qué podemos ayudarte?',
    queue: 'Eres el número {n} en la cola', wait: 'Espera estimada: {m} min', offline: 'Ahora no estamos disponibles. Deja un mensaje y te responderemos.', unread: '{n} sin leer',
    form: 'Antes de empezar, cuéntanos quién eres', name: 'Nombre', email: 'Correo electrónico', phone: 'Teléfono', optional: 'opcional', start: 'Iniciar chat', required: 'Obligatorio',
    badEmail: 'Introduce un correo electrónico válido', badPhone: 'Introduce un teléfono válido', dismiss: 'Cerrar', unavailable: 'El chat no está disponible.', restart: 'Empezar de nuevo', answers: 'Elige una respuesta',
  },
  pt: {
    open: 'Abrir chat', close: 'Fechar chat', msgs: 'Mensagens', input: 'Mensagem', send: 'Enviar mensagem', save: 'Guardar alteração', cancel: 'Cancelar',
    editing: 'A editar a sua mensagem', edit: 'Editar', editLabel: 'Editar a última mensagem', retry: 'Tentar novamente', sending: 'A enviar…', notSent: 'Não enviada',
    delivered: 'Entregue', read: 'Lida', edited: 'editada', typing: '{name} está a escrever…', operator: 'Operador', you: 'Você:',
    reconnect: 'Ligação perdida. A religar…', tooFast: 'demasiadas mensagens, aguarde um momento', tooLong: 'mensagem demasiado longa', empty: 'a mensagem está vazia',
    error: 'Algo correu mal. Tente novamente.', placeholder: 'Escreva a sua mensagem…', header: 'Normalmente respondemos em poucos minutos', welcome: 'Olá! Como podemos ajudar?',
    queue: 'Você é o número {n} na fila', wait: 'Espera estimada: {m} min', offline: 'Estamos offline. Deixe uma mensagem e responderemos.', unread: '{n} por ler',
    form: 'Antes de começar, diga-nos quem é', name: 'Nome', email: 'E-mail', phone: 'Telefone', optional: 'opcional', start: 'Iniciar chat', required: 'Obrigatório',
    badEmail: 'Introduza um e-mail válido', badPhone: 'Introduza um telefone válido', dismiss: 'Fechar', unavailable: 'O chat não está disponível.', restart: 'Recomeçar', answers: 'Escolha uma resposta',
  },
  it: {
    open: 'Apri la chat', close: 'Chiudi la chat', msgs: 'Messaggi', input: 'Messaggio', send: 'Invia messaggio', save: 'Salva modifica', cancel: 'Annulla',
    editing: 'Stai modificando il messaggio', edit: 'Modifica', editLabel: "Modifica l'ultimo messaggio", retry: 'Riprova', sending: 'Invio…', notSent: 'Non inviato',
    delivered: 'Consegnato', read: 'Letto', edited: 'modificato', typing: '{name} sta scrivendo…', operator: 'Operatore', you: 'Tu:',
    reconnect: 'Connessione persa. Riconnessione…', tooFast: 'troppi messaggi, attendi un momento', tooLong: 'messaggio troppo lungo', empty: 'il messaggio è vuoto',
    error: 'Qualcosa è andato storto. Riprova.', placeholder: 'Scrivi un messaggio…', header: 'Di solito rispondiamo in pochi minuti', welcome: 'Ciao! Come possiamo aiutarti?',
    queue: 'Sei il numero {n} in coda', wait: 'Attesa stimata: {m} min', offline: 'Ora non siamo online. Lascia un messaggio e ti risponderemo.', unread: '{n} non letti',
    form: 'Prima di iniziare, dicci chi sei', name: 'Nome', email: 'E-mail', phone: 'Telefono', optional: 'facoltativo', start: 'Inizia la chat', required: 'Obbligatorio',
    badEmail: 'Inserisci un indirizzo e-mail valido', badPhone: 'Inserisci un numero di telefono valido', dismiss: 'Chiudi', unavailable: 'La chat non è disponibile.', restart: 'Ricomincia', answers: 'Scegli una risposta',
  },
  lt: {
    open: 'Atidaryti pokalbį', close: 'Uždaryti pokalbį', msgs: 'Žinutės', input: 'Žinutė', send: 'Siųsti žinutę', save: 'Išsaugoti', cancel: 'Atšaukti',
    editing: 'Redaguojate žinutę', edit: 'Redaguoti', editLabel: 'Redaguoti paskutinę žinutę', retry: 'Kartoti', sending: 'Siunčiama…', notSent: 'Neišsiųsta',
    delivered: 'Pristatyta', read: 'Perskaityta', edited: 'redaguota', typing: '{name} rašo…', operator: 'Konsultantas', you: 'Jūs:',
    reconnect: 'Ryšys nutrūko. Jungiamasi iš naujo…', tooFast: 'per daug žinučių, palaukite', tooLong: 'žinutė per ilga', empty: 'žinutė tuščia',
    error: 'Kažkas nepavyko. Bandykite dar kartą.', placeholder: 'Rašykite žinutę…', header: 'Paprastai atsakome per kelias minutes', welcome: 'Sveiki! Kuo galime padėti?',
    queue: 'Esate {n} eilėje', wait: 'Numatomas laukimas: {m} min.', offline: 'Šiuo metu nesame prisijungę. Palikite žinutę ir mes atsakysime.', unread: 'Neskaityta: {n}',
    form: 'Prieš pradėdami, prisistatykite', name: 'Vardas', email: 'El. paštas', phone: 'Telefonas', optional: 'neprivaloma', start: 'Pradėti pokalbį', required: 'Privaloma',
    badEmail: 'Įveskite teisingą el. pašto adresą', badPhone: 'Įveskite teisingą telefono numerį', dismiss: 'Uždaryti', unavailable: 'Pokalbis nepasiekiamas.', restart: 'Pradėti iš naujo', answers: 'Pasirinkite atsakymą',
  },
  ja: {
    open: 'チャットを開く', close: 'チャットを閉じる', msgs: 'メッセージ', input: 'メッセージ', send: 'メッセージを送信', save: '編集を保存', cancel: 'キャンセル',
    editing: 'メッセージを編集中', edit: '編集', editLabel: '最後のメッセージを編集', retry: '再試行', sending: '送信中…', notSent: '未送信',
    delivered: '配信済み', read: '既読', edited: '編集済み', typing: '{name}が入力中…', operator: 'オペレーター', you: 'あなた:',
    reconnect: '接続が切れました。再接続中…', tooFast: 'メッセージが多すぎます。少しお待ちください', tooLong: 'メッセージが長すぎます', empty: 'メッセージが空です',
    error: '問題が発生しました。もう一度お試しください。', placeholder: 'メッセージを入力…', header: '通常数分以内に返信します', welcome: 'こんにちは！ご用件をお聞かせください。',
    queue: '順番待ち: {n}番目', wait: '待ち時間の目安: {m}分', offline: '現在オフラインです。メッセージを残していただければ折り返しご連絡します。', unread: '未読 {n}件',
    form: '開始する前にお客様情報を入力してください', name: 'お名前', email: 'メールアドレス', phone: '電話番号', optional: '任意', start: 'チャットを開始', required: '必須',
    badEmail: '有効なメールアドレスを入力してください', badPhone: '有効な電話番号を入力してください', dismiss: '閉じる', unavailable: 'チャットは利用できません。', restart: '最初からやり直す', answers: '回答を選んでください',
  },
  sv: {
    open: 'Öppna chatten', close: 'Stäng chatten', msgs: 'Meddelanden', input: 'Meddelande', send: 'Skicka meddelande', save: 'Spara ändring', cancel: 'Avbryt',
    editing: 'Du redigerar ditt meddelande', edit: 'Redigera', editLabel: 'Redigera ditt senaste meddelande', retry: 'Försök igen', sending: 'Skickar…', notSent: 'Inte skickat',
    delivered: 'Levererat', read: 'Läst', edited: 'redigerat', typing: '{name} skriver…', operator: 'Handläggare', you: 'Du:',
    reconnect: 'Anslutningen bröts. Återansluter…', tooFast: 'för många meddelanden, vänta en stund', tooLong: 'meddelandet är för långt', empty: 'meddelandet är tomt',
    error: 'Något gick fel. Försök igen.', placeholder: 'Skriv ditt meddelande…', header: 'Vi svarar oftast inom några minuter', welcome: 'Hej! Hur kan vi hjälpa dig?',
    queue: 'Du är nummer {n} i kön', wait: 'Beräknad väntetid: {m} min', offline: 'Vi är inte tillgängliga just nu. Lämna ett meddelande så återkommer vi.', unread: '{n} olästa',
    form: 'Innan vi börjar, berätta vem du är', name: 'Namn', email: 'E-post', phone: 'Telefon', optional: 'valfritt', start: 'Starta chatten', required: 'Obligatoriskt',
    badEmail: 'Ange en giltig e-postadress', badPhone: 'Ange ett giltigt telefonnummer', dismiss: 'Stäng', unavailable: 'Chatten är inte tillgänglig.', restart: 'Börja om', answers: 'Välj ett svar',
  },
  cs: {
    open: 'Otevřít chat', close: 'Zavřít chat', msgs: 'Zprávy', input: 'Zpráva', send: 'Odeslat zprávu', save: 'Uložit úpravu', cancel: 'Zrušit',
    editing: 'Upravujete zprávu', edit: 'Upravit', editLabel: 'Upravit poslední zprávu', retry: 'Zkusit znovu', sending: 'Odesílání…', notSent: 'Neodesláno',
    delivered: 'Doručeno', read: 'Přečteno', edited: 'upraveno', typing: '{name} píše…', operator: 'Operátor', you: 'Vy:',
    reconnect: 'Spojení přerušeno. Připojování…', tooFast: 'příliš mnoho zpráv, chvíli počkejte', tooLong: 'zpráva je příliš dlouhá', empty: 'zpráva je prázdná',
    error: 'Něco se pokazilo. Zkuste to znovu.', placeholder: 'Napište zprávu…', header: 'Obvykle odpovídáme během několika minut', welcome: 'Dobrý den! S čím vám můžeme pomoci?',
    queue: 'Jste {n}. ve frontě', wait: 'Odhadované čekání: {m} min', offline: 'Momentálně nejsme online. Zanechte zprávu a ozveme se.', unread: 'Nepřečteno: {n}',
    form: 'Než začneme, představte se', name: 'Jméno', email: 'E-mail', phone: 'Telefon', optional: 'nepovinné', start: 'Zahájit chat', required: 'Povinné',
    badEmail: 'Zadejte platnou e-mailovou adresu', badPhone: 'Zadejte platné telefonní číslo', dismiss: 'Zavřít', unavailable: 'Chat není dostupný.', restart: 'Začít znovu', answers: 'Vyberte odpověď',
  },
  hu: {
    open: 'Csevegés megnyitása', close: 'Csevegés bezárása', msgs: 'Üzenetek', input: 'Üzenet', send: 'Üzenet küldése', save: 'Módosítás mentése', cancel: 'Mégse',
    editing: 'Az üzenetét szerkeszti', edit: 'Szerkesztés', editLabel: 'Utolsó üzenet szerkesztése', retry: 'Újra', sending: 'Küldés…', notSent: 'Nincs elküldve',
    delivered: 'Kézbesítve', read: 'Olvasva', edited: 'szerkesztve', typing: '{name} ír…', operator: 'Ügyintéző', you: 'Ön:',
    reconnect: 'Megszakadt a kapcsolat. Újracsatlakozás…', tooFast: 'túl sok üzenet, várjon egy kicsit', tooLong: 'túl hosszú üzenet', empty: 'az üzenet üres',
    error: 'Hiba történt. Próbálja újra.', placeholder: 'Írja be az üzenetét…', header: 'Általában néhány percen belül válaszolunk', welcome: 'Üdvözöljük! Miben segíthetünk?',
    queue: 'Ön a(z) {n}. a sorban', wait: 'Becsült várakozás: {m} perc', offline: 'Jelenleg nem vagyunk elérhetők. Hagyjon üzenetet, és jelentkezünk.', unread: '{n} olvasatlan',
    form: 'Mielőtt kezdenénk, mutatkozzon be', name: 'Név', email: 'E-mail', phone: 'Telefon', optional: 'nem kötelező', start: 'Csevegés indítása', required: 'Kötelező',
    badEmail: 'Adjon meg érvényes e-mail-címet', badPhone: 'Adjon meg érvényes telefonszámot', dismiss: 'Bezárás', unavailable: 'A csevegés nem érhető el.', restart: 'Újrakezdés', answers: 'Válasszon egy választ',
  },
  fi: {
    open: 'Avaa chat', close: 'Sulje chat', msgs: 'Viestit', input: 'Viesti', send: 'Lähetä viesti', save: 'Tallenna muutos', cancel: 'Peruuta',
    editing: 'Muokkaat viestiäsi', edit: 'Muokkaa', editLabel: 'Muokkaa viimeistä viestiäsi', retry: 'Yritä uudelleen', sending: 'Lähetetään…', notSent: 'Ei lähetetty',
    delivered: 'Toimitettu', read: 'Luettu', edited: 'muokattu', typing: '{name} kirjoittaa…', operator: 'Asiakaspalvelija', you: 'Sinä:',
    reconnect: 'Yhteys katkesi. Yhdistetään uudelleen…', tooFast: 'liikaa viestejä, odota hetki', tooLong: 'viesti on liian pitkä', empty: 'viesti on tyhjä',
    error: 'Jokin meni vikaan. Yritä uudelleen.', placeholder: 'Kirjoita viesti…', header: 'Vastaamme yleensä muutamassa minuutissa', welcome: 'Hei! Miten voimme auttaa?',
    queue: 'Olet jonossa {n}.', wait: 'Arvioitu odotus: {m} min', offline: 'Emme ole nyt paikalla. Jätä viesti, niin palaamme asiaan.', unread: '{n} lukematonta',
    form: 'Ennen kuin aloitamme, kerro kuka olet', name: 'Nimi', email: 'Sähköposti', phone: 'Puhelin', optional: 'valinnainen', start: 'Aloita chat', required: 'Pakollinen',
    badEmail: 'Anna kelvollinen sähköpostiosoite', badPhone: 'Anna kelvollinen puhelinnumero', dismiss: 'Sulje', unavailable: 'Chat ei ole käytettävissä.', restart: 'Aloita alusta', answers: 'Valitse vastaus',
  },
  bg: {
    open: 'Отвори чата', close: 'Затвори чата', msgs: 'Съобщения', input: 'Съобщение', send: 'Изпрати съобщение', save: 'Запази промяната', cancel: 'Отказ',
    editing: 'Редактирате съобщението си', edit: 'Редактирай', editLabel: 'Редактирай последното съобщение', retry: 'Опитай пак', sending: 'Изпращане…', notSent: 'Неизпратено',
    delivered: 'Доставено', read: 'Прочетено', edited: 'редактирано', typing: '{name} пише…', operator: 'Оператор', you: 'Вие:',
    reconnect: 'Връзката прекъсна. Свързване отново…', tooFast: 'твърде много съобщения, изчакайте', tooLong: 'съобщението е твърде дълго', empty: 'съобщението е празно',
    error: 'Нещо се обърка. Опитайте отново.', placeholder: 'Напишете съобщение…', header: 'Обикновено отговаряме до няколко минути', welcome: 'Здравейте! С какво можем да помогнем?',
    queue: 'Вие сте номер {n} на опашката', wait: 'Очаквано чакане: {m} мин', offline: 'В момента не сме на линия. Оставете съобщение и ще се свържем с вас.', unread: '{n} непрочетени',
    form: 'Преди да започнем, представете се', name: 'Име', email: 'Имейл', phone: 'Телефон', optional: 'по избор', start: 'Започни чат', required: 'Задължително',
    badEmail: 'Въведете валиден имейл адрес', badPhone: 'Въведете валиден телефонен номер', dismiss: 'Затвори', unavailable: 'Чатът не е наличен.', restart: 'Започни отначало', answers: 'Изберете отговор',
  },
  ro: {
    open: 'Deschide chatul', close: 'Închide chatul', msgs: 'Mesaje', input: 'Mesaj', send: 'Trimite mesajul', save: 'Salvează modificarea', cancel: 'Anulează',
    editing: 'Editezi mesajul', edit: 'Editează', editLabel: 'Editează ultimul mesaj', retry: 'Reîncearcă', sending: 'Se trimite…', notSent: 'Netrimis',
    delivered: 'Livrat', read: 'Citit', edited: 'editat', typing: '{name} scrie…', operator: 'Operator', you: 'Tu:',
    reconnect: 'Conexiune pierdută. Se reconectează…', tooFast: 'prea multe mesaje, așteaptă puțin', tooLong: 'mesaj prea lung', empty: 'mesajul este gol',
    error: 'Ceva nu a mers. Încearcă din nou.', placeholder: 'Scrie mesajul…', header: 'De obicei răspundem în câteva minute', welcome: 'Bună! Cu ce te putem ajuta?',
    queue: 'Ești al {n}-lea la coadă', wait: 'Așteptare estimată: {m} min', offline: 'Nu suntem online acum. Lasă un mesaj și revenim.', unread: '{n} necitite',
    form: 'Înainte să începem, spune-ne cine ești', name: 'Nume', email: 'E-mail', phone: 'Telefon', optional: 'opțional', start: 'Începe chatul', required: 'Obligatoriu',
    badEmail: 'Introdu o adresă de e-mail validă', badPhone: 'Introdu un număr de telefon valid', dismiss: 'Închide', unavailable: 'Chatul nu este disponibil.', restart: 'Începe din nou', answers: 'Alege un răspuns',
  },
  sq: {
    open: 'Hap bisedën', close: 'Mbyll bisedën', msgs: 'Mesazhet', input: 'Mesazh', send: 'Dërgo mesazhin', save: 'Ruaj ndryshimin', cancel: 'Anulo',
    editing: 'Po redaktoni mesazhin', edit: 'Redakto', editLabel: 'Redakto mesazhin e fundit', retry: 'Provo sërish', sending: 'Po dërgohet…', notSent: 'Nuk u dërgua',
    delivered: 'U dorëzua', read: 'U lexua', edited: 'redaktuar', typing: '{name} po shkruan…', operator: 'Operatori', you: 'Ju:',
    reconnect: 'Lidhja u ndërpre. Po rilidhet…', tooFast: 'shumë mesazhe, prisni pak', tooLong: 'mesazhi është shumë i gjatë', empty: 'mesazhi është bosh',
    error: 'Diçka shkoi keq. Provoni sërish.', placeholder: 'Shkruani mesazhin…', header: 'Zakonisht përgjigjemi brenda pak minutash', welcome: 'Përshëndetje! Si mund t’ju ndihmojmë?',
    queue: 'Jeni i {n}-ti në radhë', wait: 'Pritja e parashikuar: {m} min', offline: 'Nuk jemi në linjë tani. Lini një mesazh dhe do t’ju përgjigjemi.', unread: '{n} të palexuara',
    form: 'Para se të fillojmë, na tregoni kush jeni', name: 'Emri', email: 'Email', phone: 'Telefoni', optional: 'opsionale', start: 'Fillo bisedën', required: 'E detyrueshme',
    badEmail: 'Vendosni një adresë email të vlefshme', badPhone: 'Vendosni një numër telefoni të vlefshëm', dismiss: 'Mbyll', unavailable: 'Biseda nuk është e disponueshme.', restart: 'Fillo përsëri', answers: 'Zgjidhni një përgjigje',
  },
  hr: {
    open: 'Otvori chat', close: 'Zatvori chat', msgs: 'Poruke', input: 'Poruka', send: 'Pošalji poruku', save: 'Spremi izmjenu', cancel: 'Odustani',
    editing: 'Uređujete poruku', edit: 'Uredi', editLabel: 'Uredi posljednju poruku', retry: 'Pokušaj ponovo', sending: 'Slanje…', notSent: 'Nije poslano',
    delivered: 'Isporučeno', read: 'Pročitano', edited: 'uređeno', typing: '{name} piše…', operator: 'Operater', you: 'Vi:',
    reconnect: 'Veza je prekinuta. Ponovno povezivanje…', tooFast: 'previše poruka, pričekajte trenutak', tooLong: 'poruka je preduga', empty: 'poruka je prazna',
    error: 'Nešto nije u redu. Pokušajte ponovo.', placeholder: 'Upišite poruku…', header: 'Obično odgovaramo u nekoliko minuta', welcome: 'Pozdrav! Kako vam možemo pomoći?',
    queue: 'Vi ste {n}. u redu čekanja', wait: 'Procijenjeno čekanje: {m} min', offline: 'Trenutno nismo dostupni. Ostavite poruku i javit ćemo se.', unread: 'Nepročitano: {n}',
    form: 'Prije početka, predstavite se', name: 'Ime', email: 'E-pošta', phone: 'Telefon', optional: 'neobavezno', start: 'Započni chat', required: 'Obavezno',
    badEmail: 'Unesite ispravnu adresu e-pošte', badPhone: 'Unesite ispravan broj telefona', dismiss: 'Zatvori', unavailable: 'Chat nije dostupan.', restart: 'Počni ispočetka', answers: 'Odaberite odgovor',
  },
  he: {
    open: 'פתיחת צ׳אט', close: 'סגירת צ׳אט', msgs: 'הודעות', input: 'הודעה', send: 'שליחת הודעה', save: 'שמירת עריכה', cancel: 'ביטול',
    editing: 'עריכת ההודעה שלך', edit: 'עריכה', editLabel: 'עריכת ההודעה האחרונה שלך', retry: 'ניסיון חוזר', sending: 'שולח…', notSent: 'לא נשלח',
    delivered: 'נמסר', read: 'נקרא', edited: 'נערך', typing: '{name} מקליד/ה…', operator: 'נציג/ה', you: 'את/ה:',
    reconnect: 'החיבור אבד. מתחבר מחדש…', tooFast: 'יותר מדי הודעות, נא להמתין רגע', tooLong: 'ההודעה ארוכה מדי', empty: 'ההודעה ריקה',
    error: 'משהו השתבש. נא לנסות שוב.', placeholder: 'הקלידו הודעה…', header: 'בדרך כלל אנחנו עונים תוך כמה דקות', welcome: 'שלום! איך נוכל לעזור?',
    queue: 'את/ה מספר {n} בתור', wait: 'זמן המתנה משוער: {m} דק׳', offline: 'אנחנו לא זמינים כרגע. השאירו הודעה ונחזור אליכם.', unread: '{n} שלא נקראו',
    form: 'לפני שנתחיל, ספרו לנו מי אתם', name: 'שם', email: 'דוא״ל', phone: 'טלפון', optional: 'לא חובה', start: 'התחלת צ׳אט', required: 'שדה חובה',
    badEmail: 'נא להזין כתובת דוא״ל תקינה', badPhone: 'נא להזין מספר טלפון תקין', dismiss: 'סגירה', unavailable: 'הצ׳אט אינו זמין.', restart: 'להתחיל מחדש', answers: 'בחרו תשובה',
  },
  sk: {
    open: 'Otvoriť chat', close: 'Zavrieť chat', msgs: 'Správy', input: 'Správa', send: 'Odoslať správu', save: 'Uložiť úpravu', cancel: 'Zrušiť',
    editing: 'Upravujete správu', edit: 'Upraviť', editLabel: 'Upraviť poslednú správu', retry: 'Skúsiť znova', sending: 'Odosiela sa…', notSent: 'Neodoslané',
    delivered: 'Doručené', read: 'Prečítané', edited: 'upravené', typing: '{name} píše…', operator: 'Operátor', you: 'Vy:',
    reconnect: 'Spojenie sa prerušilo. Pripájanie…', tooFast: 'príliš veľa správ, chvíľu počkajte', tooLong: 'správa je príliš dlhá', empty: 'správa je prázdna',
    error: 'Niečo sa pokazilo. Skúste to znova.', placeholder: 'Napíšte správu…', header: 'Zvyčajne odpovedáme do niekoľkých minút', welcome: 'Dobrý deň! S čím vám môžeme pomôcť?',
    queue: 'Ste {n}. v poradí', wait: 'Odhadované čakanie: {m} min', offline: 'Momentálne nie sme online. Zanechajte správu a ozveme sa.', unread: 'Neprečítané: {n}',
    form: 'Skôr než začneme, predstavte sa', name: 'Meno', email: 'E-mail', phone: 'Telefón', optional: 'nepovinné', start: 'Začať chat', required: 'Povinné',
    badEmail: 'Zadajte platnú e-mailovú adresu', badPhone: 'Zadajte platné telefónne číslo', dismiss: 'Zavrieť', unavailable: 'Chat nie je dostupný.', restart: 'Začať znova', answers: 'Vyberte odpoveď',
  },
};

/** Every language's texts: the chat's merged with the file and consent texts. */
export const UI_TEXTS: Record<string, UiTexts> = Object.fromEntries(
  (Object.keys(CHAT_TEXTS) as WidgetLanguage[]).map((lang) => [lang, { ...CHAT_TEXTS[lang], ...FILE_TEXTS[lang] }]),
);
const en = UI_TEXTS['en'];

/** Languages written right to left. */
const RTL = ['he', 'ar', 'fa', 'ur', 'yi'];

/**
 * The language to speak: the first of the browser's languages (navigator.languages order) that the
 * widget or the admin's texts know — exactly (`pt-br`) or by its primary subtag (`pt-BR` → `pt`) —
 * else the channel's default language, else English.
 */
export function negotiateLanguage(browser: readonly string[], adminLanguages: readonly string[], channelDefault: string | undefined): string {
  const known = (l: string) => !!UI_TEXTS[l] || adminLanguages.includes(l);
  for (const raw of browser) {
    if (typeof raw !== 'string') continue;
    const lang = raw.trim().toLowerCase();
    if (!lang) continue;
    if (known(lang)) return lang;
    const primary = lang.split(/[-_]/)[0];
    if (known(primary)) return primary;
  }
  return channelDefault && known(channelDefault) ? channelDefault : 'en';
}

export const isRtl = (lang: string): boolean => RTL.includes(lang.split('-')[0]);

/** The widget's texts for a language (English for missing ones). */
export function uiTexts(lang: string): UiTexts {
  return UI_TEXTS[lang] ?? UI_TEXTS[lang.split('-')[0]] ?? en;
}

/** Replaces `{name}`-style placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}
