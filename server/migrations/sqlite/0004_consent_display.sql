-- Where the bank was shown ('page' or 'popup'), so that the bank's redirect back lands where
-- the widget waits: the widget's page, or the popup's closing page.
ALTER TABLE consents ADD COLUMN display TEXT NOT NULL DEFAULT 'page';
