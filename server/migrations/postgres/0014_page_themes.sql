-- The theme the page framing the widget passed with the claim, checked (protocol's
-- `ThemeStyle`, as JSON): it wins over the partner's settings' theme for this session, and a
-- reload of the frame finds it here.
ALTER TABLE sessions ADD COLUMN page_theme TEXT;
