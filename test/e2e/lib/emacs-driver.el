;;; emacs-driver.el --- Emacs (28, eglot 1.9) as a real LSP client for the end-to-end tests  -*- lexical-binding: t; -*-
;;
;; Run as: emacs --batch -l emacs-driver.el (--batch skips the user's init file; the site files,
;; which put Debian's elpa-eglot on the load path, still load).
;; The job comes as JSON in $POLYSYNC_EMACS_JOB:
;;   {"cmd": ["node", "dist/server.js", "--stdio"], "file": "/abs/x.polysync.json",
;;    "timeoutMs": 10000, "checks": [{...}, ...]}
;; One JSON object is written to $POLYSYNC_EMACS_OUT:
;;   {"serverInfo": {...}, "diagnostics": [...], "checks": {"<name>": {...}}, "error": "..." (only on failure)}
;; Diagnostics are what Flymake shows for the buffer (what a user sees), each
;;   {"line": 0-based, "character": 0-based, "type": "error"|"warning"|"note", "text": "..."}.
;; Checks run in order; each has a unique "name" and a "kind":
;;   hover:    puts point at "position" {line, character} and asks eldoc's hover function, as moving
;;             point there would; records {"text": <the eldoc text>}.
;;   complete: puts point at "position" and calls eglot's completion-at-point function, as M-TAB would;
;;             records {"prefix": <the text before point it completes>, "labels": [<the candidates
;;             Emacs offers for that prefix>]}.
;;   edit:     replaces "range" {start, end} with "text", as typing would, and waits until Flymake shows
;;             the diagnostics of the new text; records {"diagnostics": [...], "text": <buffer text>}.
;; Every wait is bounded by timeoutMs.

(require 'json)
(require 'cl-lib)
(require 'subr-x)
(require 'flymake)
(require 'js)
;; Loaded in polysync-main, so that a missing eglot is reported in the result rather than crashing.
(declare-function eglot-current-server "eglot")
(defvar eglot-server-programs)
(defvar eglot-sync-connect)
(defvar eglot-connect-timeout)
(declare-function eglot--signal-textDocument/didChange "eglot")

(defvar polysync-result (make-hash-table :test 'equal))
(defvar polysync-checks (make-hash-table :test 'equal))
(puthash "checks" polysync-checks polysync-result)

(defun polysync-write-result ()
  (with-temp-file (getenv "POLYSYNC_EMACS_OUT")
    (insert (json-encode polysync-result))))

(define-derived-mode polysync-mode js-mode "Polysync"
  "A mode for *.polysync.json files, as a user would declare one for eglot.")

(defun polysync-wait (what predicate timeout)
  "Wait until PREDICATE is non-nil, at most TIMEOUT seconds, letting the server's output in."
  (let ((deadline (+ (float-time) timeout)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (or value (error "Timed out after %ss waiting for %s" timeout what))))

(defun polysync-goto (position)
  (goto-char (point-min))
  (forward-line (alist-get 'line position))
  (forward-char (alist-get 'character position)))

(defun polysync-diagnostics ()
  "What Flymake holds for the buffer, in buffer order."
  (let ((diags (sort (copy-sequence (flymake-diagnostics)) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))
    (vconcat
     (mapcar (lambda (d)
               (save-excursion
                 (goto-char (flymake-diagnostic-beg d))
                 `((line . ,(1- (line-number-at-pos)))
                   (character . ,(- (point) (line-beginning-position)))
                   (type . ,(pcase (flymake-diagnostic-type d)
                              ('eglot-error "error") ('eglot-warning "warning") ('eglot-note "note")
                              (other (format "%s" other))))
                   (text . ,(flymake-diagnostic-text d)))))
             diags))))

(defvar polysync-publishes 0 "How many publishDiagnostics notifications eglot has handled.")

(defun polysync-count-publish (_server method &rest _)
  (when (eq method 'textDocument/publishDiagnostics)
    (setq polysync-publishes (1+ polysync-publishes))))

(defun polysync-wait-for-diagnostics (since timeout)
  "Wait for diagnostics newer than publish number SINCE, then let Flymake show them.
Flymake asks eglot's backend again on `flymake-start' (what its idle timer does after an edit),
and the backend reports what the server published."
  (polysync-wait "the server to publish diagnostics" (lambda () (> polysync-publishes since)) timeout)
  (flymake-start)
  (polysync-wait "Flymake to hear from eglot"
                 (lambda () (memq 'eglot-flymake-backend (flymake-reporting-backends)))
                 timeout))

(defun polysync-run-check (check timeout)
  (let ((name (alist-get 'name check))
        (record (make-hash-table :test 'equal)))
    (pcase (alist-get 'kind check)
      ("hover"
       (polysync-goto (alist-get 'position check))
       (let (text)
         (eglot-hover-eldoc-function (lambda (info &rest _) (setq text (or info ""))))
         (polysync-wait "the hover" (lambda () text) timeout)
         (puthash "text" (substring-no-properties text) record)))
      ("complete"
       (polysync-goto (alist-get 'position check))
       (let* ((capf (eglot-completion-at-point))
              (table (nth 2 capf))
              (prefix (buffer-substring-no-properties (nth 0 capf) (point))))
         (puthash "prefix" prefix record)
         (puthash "labels" (vconcat (mapcar #'substring-no-properties (all-completions prefix table))) record)))
      ("edit"
       (let* ((range (alist-get 'range check))
              (start (save-excursion (polysync-goto (alist-get 'start range)) (point)))
              (end (save-excursion (polysync-goto (alist-get 'end range)) (point)))
              (since polysync-publishes))
         (goto-char start)
         (delete-region start end)
         (insert (alist-get 'text check))
         ;; Eglot sends the change from an idle timer, and a batch Emacs is never idle: send it
         ;; now, as that timer would after `eglot-send-changes-idle-time'.
         (eglot--signal-textDocument/didChange)
         (polysync-wait-for-diagnostics since timeout)
         (puthash "diagnostics" (polysync-diagnostics) record)
         (puthash "text" (buffer-substring-no-properties (point-min) (point-max)) record)))
      (other (error "Unknown check kind %s" other)))
    (puthash name record polysync-checks)))

(defun polysync-main ()
  (let* ((job (json-read-from-string (getenv "POLYSYNC_EMACS_JOB")))
         (timeout (/ (or (alist-get 'timeoutMs job) 10000) 1000.0))
         (file (alist-get 'file job))
         (cmd (append (alist-get 'cmd job) nil)))
    (require 'eglot)
    ;; A user's configuration, in a few lines.
    (add-to-list 'auto-mode-alist '("\\.polysync\\.json\\'" . polysync-mode))
    (add-to-list 'eglot-server-programs `(polysync-mode . ,cmd))
    (setq eglot-sync-connect timeout
          eglot-connect-timeout timeout
          flymake-no-changes-timeout 0.2)
    (advice-add 'eglot-handle-notification :after #'polysync-count-publish)
    (switch-to-buffer (find-file-noselect file))
    (unless (eq major-mode 'polysync-mode) (error "%s opened in %s, not polysync-mode" file major-mode))
    ;; M-x eglot.
    (call-interactively #'eglot)
    (let ((server (polysync-wait "eglot to connect" #'eglot-current-server timeout)))
      (puthash "serverInfo" (eglot--server-info server) polysync-result))
    (polysync-wait-for-diagnostics 0 timeout)
    (puthash "diagnostics" (polysync-diagnostics) polysync-result)
    (dolist (check (append (alist-get 'checks job) nil))
      (polysync-run-check check timeout))
    (ignore-errors (eglot-shutdown (eglot-current-server) nil 2))))

(condition-case err
    (polysync-main)
  (error (puthash "error" (error-message-string err) polysync-result)))
(polysync-write-result)
(kill-emacs 0)
;;; emacs-driver.el ends here
