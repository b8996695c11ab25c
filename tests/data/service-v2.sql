-- The moderation service's database written by schema 2 (carekiosk 0.1, commit 5f6b8b4, before
-- Alembic). Never regenerate: it stands for service databases already in use. Made with a fixed
-- clock; demo secrets for these rows (tests only):
-- private key: S44X2AXfiIYBHwiV8g1qxyDDkVXSLS0cbwHIbphbb7k=
-- moderator key: ckm_7GTZaMNFiFGfptuMizsr0XmhzJ-CzGVoxGHL7BNjfUI
-- provider key: ckp_fnRhtBsvuSgXgMWdOFZGh7g6zll2Bw6SFn4MRpUL3W0
-- device token: ckd_S9vBF4nKef24KKQRPJSaKE1Tyng2Yv4lHm_fZ8MXZu0
-- homes: home_478f6ae5 (Rose House, device dev-rose-1), home_9a09cfa9 (Elm House)
-- stories of dev-rose-1 (number 4 never arrived): 1=d29d4043-e1b3-4007-9467-a0698bcdcd24, 2=98cab9dc-6b7c-4f16-af37-959f35e42cd2, 3=cf45e813-3e8c-4604-ba47-4f8757604744, 5=1c2cb294-2017-453f-ac55-1801599812c4
-- 1 published (response, update), 2 restricted, 3 awaiting provider until 2025-03-06T12:00, 5 received
PRAGMA user_version = 2;
BEGIN TRANSACTION;
CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
INSERT INTO "counters" VALUES('story_id',1002);
INSERT INTO "counters" VALUES('response_id',1);
INSERT INTO "counters" VALUES('update_id',1);
CREATE TABLE devices (
            device_id TEXT PRIMARY KEY,
            home_id TEXT NOT NULL REFERENCES homes(id),
            label TEXT,
            enrolled_at TEXT NOT NULL
        , last_seen_at TEXT);
INSERT INTO "devices" VALUES('dev-rose-1','home_478f6ae5','Lobby','2025-03-03T09:00:00+00:00','2025-03-03T12:00:00+00:00');
CREATE TABLE enrol_codes (
            code_hash TEXT PRIMARY KEY,
            home_id TEXT NOT NULL REFERENCES homes(id),
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            used_at TEXT,
            device_id TEXT
        );
INSERT INTO "enrol_codes" VALUES('7084f93082900a5bc1d3a0b76cfc857bac926879de8c49e84d48e2d78de7212b','home_478f6ae5','2026-12-01T20:41:17+00:00','2026-12-15T20:41:17+00:00',NULL,NULL);
INSERT INTO "enrol_codes" VALUES('583ab23b64c1258ff950f8fc1a406881ee52d767581a70c07e878bf3481af2dd','home_478f6ae5','2026-12-01T20:41:17+00:00','2026-12-15T20:41:17+00:00','2025-03-03T09:00:00+00:00','dev-rose-1');
CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            home_id TEXT NOT NULL,
            type TEXT NOT NULL,
            at TEXT NOT NULL,
            story_uuid TEXT,
            ref TEXT,
            data_json TEXT NOT NULL DEFAULT '{}'
        );
INSERT INTO "events" VALUES(1,'home_478f6ae5','story_received','2025-03-03T09:00:00+00:00','d29d4043-e1b3-4007-9467-a0698bcdcd24','0360','{"device_id": "dev-rose-1", "seq": 1}');
INSERT INTO "events" VALUES(2,'home_478f6ae5','story_received','2025-03-03T09:00:00+00:00','98cab9dc-6b7c-4f16-af37-959f35e42cd2','2926','{"device_id": "dev-rose-1", "seq": 2}');
INSERT INTO "events" VALUES(3,'home_478f6ae5','story_received','2025-03-03T09:00:00+00:00','cf45e813-3e8c-4604-ba47-4f8757604744','3643','{"device_id": "dev-rose-1", "seq": 3}');
INSERT INTO "events" VALUES(4,'home_478f6ae5','story_received','2025-03-03T09:00:00+00:00','1c2cb294-2017-453f-ac55-1801599812c4','3991','{"device_id": "dev-rose-1", "seq": 5}');
INSERT INTO "events" VALUES(5,'home_478f6ae5','integrity_problem','2025-03-03T09:00:00+00:00',NULL,NULL,'{"chain_ok": true, "device_id": "dev-rose-1", "missing": [4]}');
INSERT INTO "events" VALUES(6,'home_478f6ae5','awaiting_provider','2025-03-03T11:00:00+00:00','d29d4043-e1b3-4007-9467-a0698bcdcd24','0360','{"decision_deadline": "2025-03-06T11:00:00+00:00"}');
INSERT INTO "events" VALUES(7,'home_478f6ae5','published','2025-03-03T11:00:00+00:00','d29d4043-e1b3-4007-9467-a0698bcdcd24','0360','{"authorRole": "family or friend", "body": "Test story number 1.", "dateOfPublication": "2025-03-03T11:00:00+00:00", "story_id": "1001", "tags": ["food", "happy"], "title": "Lovely tea"}');
INSERT INTO "events" VALUES(8,'home_478f6ae5','response_posted','2025-03-03T12:00:00+00:00','d29d4043-e1b3-4007-9467-a0698bcdcd24','0360','{"body": "Thank you.", "change_made": "Tea at three.", "posted_at": "2025-03-03T12:00:00+00:00", "responder_name": "Ann Lee", "responder_role": "home manager", "response_id": "resp_1", "story_id": "1001"}');
INSERT INTO "events" VALUES(9,'home_478f6ae5','author_update','2025-03-03T12:00:00+00:00','d29d4043-e1b3-4007-9467-a0698bcdcd24','0360','{"body": "The author says thanks.", "posted_at": "2025-03-03T12:00:00+00:00", "story_id": "1001", "update_id": "upd_1"}');
INSERT INTO "events" VALUES(10,'home_478f6ae5','restricted','2025-03-03T12:00:00+00:00','98cab9dc-6b7c-4f16-af37-959f35e42cd2','2926','{"reason": "Names a member of staff."}');
INSERT INTO "events" VALUES(11,'home_478f6ae5','awaiting_provider','2025-03-03T12:00:00+00:00','cf45e813-3e8c-4604-ba47-4f8757604744','3643','{"decision_deadline": "2025-03-06T12:00:00+00:00"}');
CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            story_uuid TEXT NOT NULL REFERENCES stories(uuid),
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT,
            note TEXT
        );
INSERT INTO "history" VALUES(1,'d29d4043-e1b3-4007-9467-a0698bcdcd24','2025-03-03T09:00:00+00:00','device:dev-rose-1','received',NULL,'received',NULL);
INSERT INTO "history" VALUES(2,'98cab9dc-6b7c-4f16-af37-959f35e42cd2','2025-03-03T09:00:00+00:00','device:dev-rose-1','received',NULL,'received',NULL);
INSERT INTO "history" VALUES(3,'cf45e813-3e8c-4604-ba47-4f8757604744','2025-03-03T09:00:00+00:00','device:dev-rose-1','received',NULL,'received',NULL);
INSERT INTO "history" VALUES(4,'1c2cb294-2017-453f-ac55-1801599812c4','2025-03-03T09:00:00+00:00','device:dev-rose-1','received',NULL,'received',NULL);
INSERT INTO "history" VALUES(5,'d29d4043-e1b3-4007-9467-a0698bcdcd24','2025-03-03T11:00:00+00:00','moderator:k_0281a7de26e4','opened','received','in_moderation',NULL);
INSERT INTO "history" VALUES(6,'d29d4043-e1b3-4007-9467-a0698bcdcd24','2025-03-03T11:00:00+00:00','moderator:k_0281a7de26e4','publish','in_moderation','awaiting_provider',NULL);
INSERT INTO "history" VALUES(7,'d29d4043-e1b3-4007-9467-a0698bcdcd24','2025-03-03T11:00:00+00:00','provider:k_92fd51fec92b','go_ahead','awaiting_provider','published',NULL);
INSERT INTO "history" VALUES(8,'d29d4043-e1b3-4007-9467-a0698bcdcd24','2025-03-03T12:00:00+00:00','k_92fd51fec92b','response',NULL,NULL,NULL);
INSERT INTO "history" VALUES(9,'d29d4043-e1b3-4007-9467-a0698bcdcd24','2025-03-03T12:00:00+00:00','moderator:k_0281a7de26e4','author_update',NULL,NULL,NULL);
INSERT INTO "history" VALUES(10,'98cab9dc-6b7c-4f16-af37-959f35e42cd2','2025-03-03T12:00:00+00:00','moderator:k_0281a7de26e4','opened','received','in_moderation',NULL);
INSERT INTO "history" VALUES(11,'98cab9dc-6b7c-4f16-af37-959f35e42cd2','2025-03-03T12:00:00+00:00','moderator:k_0281a7de26e4','restrict','in_moderation','restricted',NULL);
INSERT INTO "history" VALUES(12,'cf45e813-3e8c-4604-ba47-4f8757604744','2025-03-03T12:00:00+00:00','moderator:k_0281a7de26e4','opened','received','in_moderation',NULL);
INSERT INTO "history" VALUES(13,'cf45e813-3e8c-4604-ba47-4f8757604744','2025-03-03T12:00:00+00:00','moderator:k_0281a7de26e4','publish','in_moderation','awaiting_provider',NULL);
CREATE TABLE homes (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            manager_phone TEXT NOT NULL,
            public_interest_phone TEXT,
            roster_json TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL
        );
INSERT INTO "homes" VALUES('home_478f6ae5','Rose House','+447700900123','+447700900456','{"staff": ["Ann Lee"], "residents": ["Mr Patel"]}','2026-12-01T20:41:17+00:00');
INSERT INTO "homes" VALUES('home_9a09cfa9','Elm House','+447700900789',NULL,'{}','2026-12-01T20:41:17+00:00');
CREATE TABLE integrity_flags (
            device_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            seq INTEGER NOT NULL,
            flagged_at TEXT NOT NULL,
            PRIMARY KEY (device_id, kind, seq)
        );
INSERT INTO "integrity_flags" VALUES('dev-rose-1','missing',4,'2025-03-03T09:00:00+00:00');
CREATE TABLE responses (
            id TEXT PRIMARY KEY,
            story_uuid TEXT NOT NULL REFERENCES stories(uuid),
            body TEXT NOT NULL,
            responder_name TEXT NOT NULL,
            responder_role TEXT NOT NULL,
            change_made TEXT,
            posted_at TEXT NOT NULL,
            key_id TEXT
        );
INSERT INTO "responses" VALUES('resp_1','d29d4043-e1b3-4007-9467-a0698bcdcd24','Thank you.','Ann Lee','home manager','Tea at three.','2025-03-03T12:00:00+00:00','k_92fd51fec92b');
CREATE TABLE shares (
            id TEXT PRIMARY KEY,
            home_id TEXT NOT NULL REFERENCES homes(id),
            kind TEXT NOT NULL CHECK (kind IN ('notice', 'digest', 'poster', 'leaflet')),
            ref TEXT,
            at TEXT NOT NULL,
            actor TEXT NOT NULL
        );
INSERT INTO "shares" VALUES('sh_43a6208626e6','home_478f6ae5','notice','0360','2025-03-03T12:00:00+00:00','provider:k_92fd51fec92b');
INSERT INTO "shares" VALUES('sh_71d45616d9a7','home_478f6ae5','digest',NULL,'2025-03-03T12:00:00+00:00','device:dev-rose-1');
CREATE TABLE stories (
            uuid TEXT PRIMARY KEY,
            device_id TEXT NOT NULL,
            home_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            ref TEXT NOT NULL,
            created_hour TEXT NOT NULL,
            route TEXT NOT NULL,
            size INTEGER NOT NULL,
            payload_sha256 TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            chain_hash TEXT NOT NULL,
            sealed BLOB NOT NULL,
            received_at TEXT NOT NULL,
            status TEXT NOT NULL,
            status_at TEXT NOT NULL,
            public_id TEXT UNIQUE,
            title TEXT,
            body TEXT,
            author_role TEXT,
            tags_json TEXT NOT NULL DEFAULT '[]',
            reason TEXT,
            level TEXT,
            decision_deadline TEXT,
            provider_decision TEXT,
            review_requested INTEGER NOT NULL DEFAULT 0,
            published_at TEXT,
            UNIQUE (device_id, seq)
        );
INSERT INTO "stories" VALUES('d29d4043-e1b3-4007-9467-a0698bcdcd24','dev-rose-1','home_478f6ae5',1,'0360','2025-01-06T10:00:00+00:00','kiosk',360,'445f2cd9d49967397b8001f775f44ce27e6c321c57fb622c7c4df4f87e488470','0000000000000000000000000000000000000000000000000000000000000000','609f352ea5dc19c9bca67de8f366d7a21dc0814ef420bc82633a6e83202f1590',X'33CE8DDA8579B381463C662BEB8C6ED018E333CBF60D911BE4053D1D1E22204839D115D232089931B7E130D2859D37D85907394F977E499DDE91818B03ABDC704915A15F5F331BC9739E6F892FF6DE971073C487352B4E1519299FE3206CC3B8834857F85EF32AD0D94BE99654263AF4320A44E7569224D1143BF7DD69E5005BDC8910DE0ACFB8A03BDC28E0D21F98DBE8E995F834D40A712D5FA1C662C026C402B9A765A5B12B45D1D9550362BB1DE6A17467D8AA68EB0E182EE53640D7A60589723E2956CE17EEFD5534ACC04E93A82D184A0948CCE8063DC6AB755C6B324267CDFEB5A64E7B1C95885F930E697F7E1E8496E483E1ED74CCCF53842E43C0BCC0B5773434A6BF0FF2E6698027905FC6A6B033E0E92CFD07C272B9E37DBA55DA008FF43FD635164179024FA027A99497FD0F5B71759E6899AF641773C82D898619E29C982E965D2996DF3C0C3010628D88D1F7ADA79ED00977A99B9C4627213DE16D02CFDD7FD1EC','2025-03-03T09:00:00+00:00','published','2025-03-03T11:00:00+00:00','1001','Lovely tea','Test story number 1.','family or friend','["food", "happy"]',NULL,NULL,'2025-03-06T11:00:00+00:00','go_ahead',0,'2025-03-03T11:00:00+00:00');
INSERT INTO "stories" VALUES('98cab9dc-6b7c-4f16-af37-959f35e42cd2','dev-rose-1','home_478f6ae5',2,'2926','2025-01-06T10:00:00+00:00','kiosk',360,'be31f5619720d85cb6af179b6fcaf591a58ee2cb9eb2319db87cc55bfa334571','609f352ea5dc19c9bca67de8f366d7a21dc0814ef420bc82633a6e83202f1590','86be3e99ae19d96484c167ef0c18664658bdad89f98582fe760ae900f495d40b',X'3DED73B403CC64B55BB155AE325CF2D554D93EDA0F0865C4E283A44DD1167F3CACB832A48D001C2A5803B73D64712015B6347311A1A7D5E951DB86E304E21C62C0193E6437243D4825075244DDDB20E5CB9CB4E7E0F9B0421202C62B33D5B0CD452DC92A4D5F988F53CE562CBBFADFA78472EC510CC653E613B6D9960E01F692D14EDF1FB6E321C6A5168AD0836762246D4964AE559092A8E95D46F0A6A4FA6EF9BC4BCD437E61DF07BEEE869F98F2D43504E96C928E232AE757DD4AD1D15ADCD1E575928D13F375472D0B5936D0A048FC61226183CC482F52ED94FCFF10EA45302F389E3790CAE2F6F040B1D4B9FA5BEAAF658B7E3E156DB35F71E39EEE5ED6A3E1A411921D84CEC008DA8415BDA3B5CE195780B3DBA08573F9BF8F07DBAD38E6FCF810965B0DEED9CFAF214AC7391D6F2EB4DC4AFA5B1F803F63111FCF64FBA225E8277674C9FCC06B9F5932340CE0275C9D4D5ED6F7CB37085A90EE2F9C7BF1C280B635C03E58','2025-03-03T09:00:00+00:00','restricted','2025-03-03T12:00:00+00:00','1002','This story has been restricted',NULL,NULL,'[]','Names a member of staff.',NULL,NULL,NULL,0,NULL);
INSERT INTO "stories" VALUES('cf45e813-3e8c-4604-ba47-4f8757604744','dev-rose-1','home_478f6ae5',3,'3643','2025-01-06T10:00:00+00:00','kiosk',360,'f067daeadb3dc99074c4866bf21998442249d56ab85eca217e86c263a22385eb','86be3e99ae19d96484c167ef0c18664658bdad89f98582fe760ae900f495d40b','7d6933b336cc3f377996a6923541d07e2e706a75a8322800fdd98646489a673a',X'D42AFC8B3F4CE35D222EF8D866E7FB833EAEE986ED8FBA23376BF196D42FA734A6D5D78DC60C770DAE4F48DCEB7CBD82D422344D177B0D1EACFA70A8EF7260D4EF1A44AF299049FF3669B8F17BCA98ACED6D0918F0057431981E9B7BEBC66B0E0A226B3F743099BF78D505FF8E7F7646CFA68E600E5A60DFB1EE348CC5572B3DB27331E5C5411EF07737C21AD6A210D4919CA922056628F415B57CAA0F61001B30F5D8FB7C9FE0B776884D5D7C10CB6BD8BC37AB7793A1B11F9F5D344977AC0FC35A528D1CD3A3D9190AD82835D9DBFBE0E7CF3E4BCC9C0967191EEE261AB1B830E82AB7086841E592B22A32CE1B6A525D9049F9E4B048DA376FCB6CDFE1BFD2D51B166E9DDF1DC2E8D29CCF8979965206B46C605A6738177C6FC77F31E31F4E2B25823A10A2BFD68EB222D336E0CC772EBD2BBA70238E8CC89E5CC65B5B1E555444F492ABDDDE45F04B9893CC2CA6D23BB64D28B50034DED6E2692ADE791307004879A345AF0082','2025-03-03T09:00:00+00:00','awaiting_provider','2025-03-03T12:00:00+00:00',NULL,'Story 3','Test story number 3.','family or friend','["food", "happy"]',NULL,NULL,'2025-03-06T12:00:00+00:00',NULL,0,NULL);
INSERT INTO "stories" VALUES('1c2cb294-2017-453f-ac55-1801599812c4','dev-rose-1','home_478f6ae5',5,'3991','2025-01-06T10:00:00+00:00','kiosk',360,'984ae5190ff962dabcb4a1ce493f82206188d845cfbbf1dcd7531226ebf88578','c51e9c47c557ffd1d5b9e11c39617d28606db199829a03282575d98a3883e635','80eed2ae1e58a1c0ef18054f16b4d15b68cc133ee2b5071a945a7cf21e5d0e14',X'16D716480F173A8F4DF80BE5D1130EC48CA11F07EEE6A7D1F83C2523F271E76E6F4BF18A709E1428F8478F58EE7612FCBA78E98B08AA50FF5CEC9E8B8566AF5934EBD80BE238C2AA9334EA45C5057D834BD857898917B190D58C3AB0AF16059E66223A5B4F0F496FA1DF213A407B6A29B443C7F5E563C4182F0E19AAA3D60248359B42680C7F2F7F4B7C7FD491B3B560E7C4943A2E3429D1ED4FB5CED0E80C9365BF99D6DE650B98D4348A332E00CF8D44AABA4167796F8D9DAAACA0962C5509EA94B5D4AD7CE9D7853E36EA9C0A43B198159325FDCC39B3433B59D4E6399F05D00E2E9BF8F369208EE0DB101FF3B6573518665AC92F7723FAD1B872C41D8E033D5E5CD5A180AA257012B4D62DE48CE5F16DAAE40D405DE87D95DFF84142E78F86C8159D6FB51E755D5EFA148AFE0522D6289B348FADD23DD0A5B3DE970016A018B8DBC16E26C92A95DCFD36E0FECA0692EF30338566C7FEB95B248E7149482B88C5BBA312E0DC9A','2025-03-03T09:00:00+00:00','received','2025-03-03T09:00:00+00:00',NULL,NULL,NULL,NULL,'[]',NULL,NULL,NULL,NULL,0,NULL);
CREATE TABLE token_homes (
            token_hash TEXT NOT NULL REFERENCES tokens(token_hash),
            home_id TEXT NOT NULL REFERENCES homes(id),
            PRIMARY KEY (token_hash, home_id)
        );
INSERT INTO "token_homes" VALUES('e372da7ca8bb0ec3079a816aeee00abaf0b5b35b2476e0c0bf5b37a044fb971b','home_478f6ae5');
CREATE TABLE tokens (
            token_hash TEXT PRIMARY KEY,
            key_id TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('device', 'provider', 'moderator')),
            device_id TEXT,
            label TEXT,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
INSERT INTO "tokens" VALUES('1598425e60fc6bdd6fc39ae05af8fbb273b93053e4ef68ca2f829276a12a233b','k_6b12b8f2eacd','device','dev-rose-1','Lobby','2025-03-03T09:00:00+00:00',NULL);
INSERT INTO "tokens" VALUES('42a6f33f06d512795cc2bd0efb463ea05028ce41fbcf476b87c99e8fadf9c225','k_0281a7de26e4','moderator',NULL,NULL,'2026-12-01T20:41:17+00:00',NULL);
INSERT INTO "tokens" VALUES('e372da7ca8bb0ec3079a816aeee00abaf0b5b35b2476e0c0bf5b37a044fb971b','k_92fd51fec92b','provider',NULL,NULL,'2026-12-01T20:41:17+00:00',NULL);
CREATE TABLE updates (
            id TEXT PRIMARY KEY,
            story_uuid TEXT NOT NULL REFERENCES stories(uuid),
            body TEXT NOT NULL,
            posted_at TEXT NOT NULL
        );
INSERT INTO "updates" VALUES('upd_1','d29d4043-e1b3-4007-9467-a0698bcdcd24','The author says thanks.','2025-03-03T12:00:00+00:00');
CREATE INDEX stories_status ON stories(status);
CREATE INDEX stories_home ON stories(home_id, status);
CREATE INDEX stories_deadline ON stories(decision_deadline) WHERE status = 'awaiting_provider';
CREATE INDEX history_story ON history(story_uuid);
CREATE INDEX responses_story ON responses(story_uuid);
CREATE INDEX updates_story ON updates(story_uuid);
CREATE INDEX events_home ON events(home_id, id);
CREATE INDEX shares_home ON shares(home_id, at);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('events',11);
COMMIT;
