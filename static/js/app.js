// Postwright: small behaviours shared by every page. No inline scripts (CSP).
"use strict";
