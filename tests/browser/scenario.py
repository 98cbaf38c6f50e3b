#!/usr/bin/env python3
"""Mosaic's web app in a real browser (headless Chromium via Selenium).

The scenario of issue 10: a community is seeded through the public API (authors with real JPEGs, a story),
then a newcomer signs up in the browser (after a weak password is refused in words), uploads a photo with a
filter, writes the caption with #hashtag and @mention completion, posts it, sees it in the feed (srcset,
alt text), likes it (offline first: the optimistic like rolls back with a message), opens Explore (blurred
placeholders while photos load, lazy loading, two pages, "why am I seeing this" from the keyboard), searches,
follows someone and watches their story, sends a direct message that a second browser session receives live
(with live badges for messages and notifications), and checks a phone-sized viewport. Screenshots of the feed,
Explore and profile pages (and the conversation and the phone feed) are saved.

Every step checks what a person would see (elements, text, state) and, where it matters, the server's own
answer through the API. Every wait is explicit and bounded. The first failing step stops the run with a
screenshot named after it; an uncaught script error in either browser fails the run too.
"""
import argparse
import io
import os
import random
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor

import requests
from PIL import Image, ImageDraw, ImageFilter
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "correct horse battery"
TOPICS = ["travel", "food", "cats", "sunset", "architecture", "coffee", "mountains", "street"]


# --- seeding through the public API -------------------------------------------------------------------

def photo(seed, size=1080):
    """A deterministic, varied JPEG: a two-colour gradient with shapes, blurred a little like a photo."""
    rnd = random.Random(seed)
    a = tuple(rnd.randrange(256) for _ in range(3))
    b = tuple(rnd.randrange(256) for _ in range(3))
    img = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(img)
    for y in range(0, size, 4):
        t = y / size
        draw.rectangle([0, y, size, y + 4], fill=tuple(int(a[i] * (1 - t) + b[i] * t) for i in range(3)))
    for _ in range(rnd.randrange(3, 9)):
        x, y, r = rnd.randrange(size), rnd.randrange(size), rnd.randrange(40, 300)
        colour = tuple(rnd.randrange(256) for _ in range(3))
        (draw.ellipse if rnd.random() < 0.5 else draw.rectangle)([x - r, y - r, x + r, y + r], fill=colour)
    img = img.filter(ImageFilter.GaussianBlur(3))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88)
    return out.getvalue()


class API:
    def __init__(self, base, token=None):
        self.base, self.token = base.rstrip("/"), token

    def call(self, method, path, expect=(200, 201, 202, 204), **kw):
        headers = kw.pop("headers", {})
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        r = requests.request(method, self.base + path, headers=headers, timeout=60, **kw)
        if r.status_code not in expect:
            raise AssertionError(f"{method} {path} -> {r.status_code} {r.text[:300]}")
        return r.json() if r.content else None

    def sign_up(self, username, full_name):
        s = self.call("POST", "/api/v1/accounts", json={"username": username, "password": PASSWORD, "full_name": full_name})
        return API(self.base, s["token"]), s["user_id"]

    def upload(self, jpeg, filter_id=None):
        data = {"media_type": "image"}
        if filter_id:
            data["filter_id"] = filter_id
        return self.call("POST", "/api/v1/media/upload", files={"file": ("photo.jpg", jpeg, "image/jpeg")}, data=data)


def seed(base, run_id):
    """Eight authors with six posts each (two Explore pages of 24), one with a story, and the DM partner `bo`
    whom the newcomer will mention and write to. Photos upload four at a time (the server has cores to spare
    while one upload is being resized)."""
    api = API(base)
    authors = []
    for i, topic in enumerate(TOPICS):
        client, uid = api.sign_up(f"{topic}_{run_id}", f"{topic.title()} Lover")
        client.call("PATCH", "/api/v1/me", json={"bio": f"Photos of {topic}. Seeded by the browser test."})
        authors.append((client, uid, f"{topic}_{run_id}"))

    def post(job):
        n, i = job
        client, topic = authors[i][0], TOPICS[i]
        media = client.upload(photo(f"{run_id}-{i}-{n}"))
        client.call("POST", "/api/v1/posts", json={
            "media_ids": [media["media_id"]],
            "caption": f"{topic} day {n + 1} #{topic} #mosaic",
            "alt_text": f"A colourful abstract {topic} picture"})

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(post, [(n, i) for n in range(6) for i in range(len(authors))]))
    # A story so the tray has someone in it once the newcomer follows its author.
    story_client = authors[0][0]
    media = story_client.upload(photo(f"{run_id}-story"))
    story_client.call("POST", "/api/v1/stories", json={"media_id": media["media_id"]})
    bo, bo_id = api.sign_up(f"bo_{run_id}", "Bo Receiver")
    private, _ = api.sign_up(f"priv_{run_id}", "Private Person")
    private.call("PATCH", "/api/v1/me", json={"is_private": True})
    return {"authors": authors, "bo": (bo, bo_id, f"bo_{run_id}"), "private": f"priv_{run_id}"}


# --- the browser ---------------------------------------------------------------------------------------

def browser(width=1280, height=900):
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--force-device-scale-factor=1", "--lang=en-US"]:
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=opts)


class Page:
    def __init__(self, driver, base, name):
        self.d, self.base, self.name = driver, base.rstrip("/"), name

    def go(self, path):
        self.d.get(self.base + path)

    def wait(self, condition, timeout=15, what="condition"):
        try:
            # The client redraws lists as data arrives: an element found a moment ago may be gone; look again.
            return WebDriverWait(self.d, timeout, poll_frequency=0.1,
                                 ignored_exceptions=[StaleElementReferenceException]).until(lambda d: condition(d))
        except TimeoutException:
            raise AssertionError(f"[{self.name}] timed out waiting for {what} on {self.d.current_url}") from None

    def el(self, css, timeout=15):
        return self.wait(lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None),
                         timeout, f"visible {css!r}")

    def els(self, css):
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def click(self, css):
        e = self.el(css)
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", e)
        e.click()
        return e

    def type(self, css, text):
        e = self.el(css)
        e.clear()
        e.send_keys(text)
        return e

    def images_loaded(self, css):
        """True when every visible image in `css` finished loading with real pixels."""
        return self.d.execute_script("""
            const imgs = [...document.querySelectorAll(arguments[0])].filter(i => i.getBoundingClientRect().top < innerHeight);
            return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0);""", css)

    def block(self, *patterns):
        """Make requests matching these URL patterns fail (as if offline); no patterns lifts the block."""
        self.d.execute_cdp_cmd("Network.enable", {})
        self.d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": list(patterns)})

    def badge(self, href):
        """The number on a navigation badge (0 when there is none)."""
        return self.d.execute_script("""
            const b = document.querySelector(`#topbar a[href="${arguments[0]}"] .badge`);
            return b ? parseInt(b.textContent, 10) : 0;""", href)

    def screenshot(self, directory, name):
        """Saves the window; transient toasts are cleared first so they don't cover the page."""
        path = os.path.join(directory, name)
        self.d.execute_script("document.getElementById('toasts')?.replaceChildren()")
        self.d.save_screenshot(path)
        print(f"  screenshot {path}")

    def console_errors(self):
        try:
            return [l["message"] for l in self.d.get_log("browser") if l["level"] == "SEVERE"]
        except Exception:
            return []


# --- the scenario --------------------------------------------------------------------------------------

class Scenario:
    def __init__(self, base, shots):
        self.base, self.shots = base, shots
        self.run_id = f"{int(time.time()) % 100000}{random.randrange(100):02d}"
        self.username = f"ana_{self.run_id}"
        self.caption = None
        self.a = self.b = None
        self.world = None
        self.post_id = None

    def ana_api(self):
        """The API as the browser's signed-in user (its token from localStorage)."""
        return API(self.base, self.a.d.execute_script("return JSON.parse(localStorage.getItem('mosaic.session')).token"))

    def at_home(self, d):
        return d.current_url.rstrip("/") == self.base.rstrip("/")

    def step_seed(self):
        self.world = seed(self.base, self.run_id)

    def step_signup(self):
        self.a = Page(browser(), self.base, "ana")
        a = self.a
        a.go("/")
        a.wait(lambda d: "/app/login" in d.current_url, what="redirect to log in")
        a.click('a[href="/app/signup"]')
        # A documented error first: a weak password gets a sentence, not a code.
        a.type('input[name="username"]', self.username)
        a.type('input[name="password"]', "short")
        a.d.execute_script("document.querySelector('input[name=password]').removeAttribute('minlength')")
        a.click('button[type="submit"]')
        err = a.el("p.error-text")
        a.wait(lambda d: err.text.strip() != "", what="a weak-password message")
        assert "password" in err.text.lower() and "weak_password" not in err.text, f"unexpected message: {err.text!r}"
        a.type('input[name="full_name"]', "Ana Newcomer")
        a.type('input[name="password"]', PASSWORD)
        a.click('button[type="submit"]')
        a.wait(self.at_home, what="the home page after sign-up")
        a.el("#topbar .logo")
        a.el(".home")  # the feed column (a newcomer follows no one yet: the welcome notice)

    def step_upload(self):
        a = self.a
        a.click('a[href="/app/new"]')
        picture = os.path.join(tempfile.gettempdir(), f"mosaic-upload-{self.run_id}.jpg")
        with open(picture, "wb") as f:
            f.write(photo(f"{self.run_id}-ana"))
        a.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#upload-file"), what="the file input")
        a.d.find_element(By.CSS_SELECTOR, "#upload-file").send_keys(picture)
        a.el(".preview img")
        filters = a.wait(lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, "button.filter") if e.is_displayed()], what="filter previews")
        assert len(filters) >= 4, f"only {len(filters)} filters"
        a.click('button.filter[data-filter="clarendon"]')
        style = a.el(".preview img").get_attribute("style")
        assert "contrast" in style, f"the preview does not show the filter: {style!r}"
        # The caption completes #hashtags and @mentions from search: pick each suggestion with Enter.
        bo_name = self.world["bo"][2]
        caption = a.el('textarea[name="caption"]')

        def complete(typed, suggestion):
            caption.send_keys(typed)
            a.wait(lambda d: any(o.text == suggestion for o in d.find_elements(By.CSS_SELECTOR, ".suggestions li[aria-selected=true] .bold") if o.is_displayed()),
                   what=f"the suggestion {suggestion}")
            caption.send_keys(Keys.ENTER)
            a.wait(lambda d: caption.get_attribute("value").endswith(suggestion + " "), what=f"{suggestion} inserted")

        caption.send_keys("My first Mosaic photo ")
        complete("#trav", "#travel")
        caption.send_keys("with ")
        complete("@" + bo_name[:-1], bo_name)
        caption.send_keys(f"#hello{self.run_id}")
        self.caption = f"My first Mosaic photo #travel with @{bo_name} #hello{self.run_id}"
        assert caption.get_attribute("value") == self.caption, caption.get_attribute("value")
        a.el('input[aria-label="Alt text"]').send_keys("A gradient with circles, my first upload")
        a.click("button.share")
        a.wait(self.at_home, timeout=60, what="the feed after sharing")

    def step_feed(self):
        a = self.a
        first = a.el("article.post")
        a.wait(lambda d: self.username in first.text and f"#hello{self.run_id}" in first.text, what="the new post at the top of the feed")
        self.post_id = first.get_attribute("data-post-id")
        assert self.post_id, "the post card carries no post id"
        a.wait(lambda d: a.images_loaded("article.post .media img"), timeout=30, what="the photo to load")
        img = first.find_element(By.CSS_SELECTOR, ".media img")
        srcset = img.get_attribute("srcset")
        for variant in ("150w", "320w", "640w", "1080w"):
            assert variant in srcset, f"srcset lacks {variant}: {srcset}"
        assert img.get_attribute("alt") == "A gradient with circles, my first upload", f"alt text {img.get_attribute('alt')!r}"
        links = [e.text for e in first.find_elements(By.CSS_SELECTOR, ".caption a.tag")]
        assert "#travel" in links and f"@{self.world['bo'][2]}" in links, f"caption links {links}"
        post = API(self.base).call("GET", f"/api/v1/posts/{self.post_id}")
        assert post["caption"] == self.caption, post["caption"]
        assert post["media"][0]["urls"]["1080"] != post["media"][0]["urls"]["150"]

    def step_like(self):
        a = self.a
        card = a.el(f'article.post[data-post-id="{self.post_id}"]')
        like = card.find_element(By.CSS_SELECTOR, "button.like")
        likes = card.find_element(By.CSS_SELECTOR, ".likes")
        assert like.get_attribute("aria-pressed") == "false"
        # Offline first: the heart fills at once (optimistic), then rolls back with a message.
        a.d.execute_script("""
            window.likeStates = [];
            new MutationObserver(() => window.likeStates.push(arguments[0].getAttribute('aria-pressed')))
              .observe(arguments[0], {attributes: true, attributeFilter: ['aria-pressed']});""", like)
        a.block("*/like")
        like.click()
        a.wait(lambda d: "true" in d.execute_script("return window.likeStates"), what="the optimistic like")
        a.wait(lambda d: like.get_attribute("aria-pressed") == "false" and likes.text == "0 likes", what="the like to roll back")
        toast = a.el(".toast.error")
        assert "couldn't reach" in toast.text.lower() or "offline" in toast.text.lower(), toast.text
        a.block()
        like.click()
        a.wait(lambda d: like.get_attribute("aria-pressed") == "true", what="the like to show")
        a.wait(lambda d: likes.text == "1 like", what="'1 like'")
        me = self.ana_api()
        a.wait(lambda d: me.call("GET", f"/api/v1/posts/{self.post_id}")["like_count"] == 1, timeout=10,
               what="the server to record the like")

    def step_comment(self):
        """The post's page: a comment, then a reply to it from its Reply button, threaded under it."""
        a = self.a
        a.go(f"/app/p/{self.post_id}")
        box = a.el('.post-page form.add-comment input')
        box.send_keys("First comment!", Keys.ENTER)
        comment = a.wait(lambda d: next((c for c in d.find_elements(By.CSS_SELECTOR, ".comments > li.comment") if "First comment!" in c.text), None),
                         what="the comment")
        comment.find_element(By.XPATH, ".//button[text()='Reply']").click()
        a.wait(lambda d: box.get_attribute("value") == f"@{self.username} " and "Replying to" in a.el(".replying").text, what="the reply prefix")
        box.send_keys("and a reply", Keys.ENTER)
        a.wait(lambda d: any("and a reply" in r.text for r in comment.find_elements(By.CSS_SELECTOR, ".replies li.comment")), what="the reply under the comment")
        parent = comment.get_attribute("data-comment-id")
        replies = self.ana_api().call("GET", f"/api/v1/posts/{self.post_id}/comments?parent_id={parent}")["comments"]
        assert [r["text"] for r in replies] == [f"@{self.username} and a reply"], replies

    def step_explore(self):
        a = self.a
        # While photos are still on their way, every tile shows its blurred placeholder (photos blocked here).
        a.block("*/media/*")
        a.click('a[href="/app/explore"]')
        a.el(".explore-grid .tile")
        placeholders = a.d.execute_script("""
            return [...document.querySelectorAll('.explore-grid .tile .media')]
              .map(m => !m.classList.contains('ready') && m.style.backgroundImage.startsWith('url("data:image'));""")
        assert placeholders and all(placeholders), f"tiles without a placeholder: {placeholders}"
        lazy = {i.get_attribute("loading") for i in a.els(".explore-grid .tile img")}
        assert lazy == {"lazy"}, f"Explore images load {lazy}"
        a.block()
        a.d.refresh()
        a.el(".explore-grid .tile")
        a.wait(lambda d: a.images_loaded(".explore-grid .tile img"), timeout=30, what="Explore images")
        first_page = len(a.els(".explore-grid .tile"))
        a.screenshot(self.shots, "explore.png")

        def second_page(d):
            d.execute_script("scrollTo(0, document.body.scrollHeight)")
            return int(d.find_element(By.CSS_SELECTOR, ".explore-grid").get_attribute("data-pages") or 0) >= 2
        a.wait(second_page, timeout=20, what="Explore's second page")
        tiles = a.els(".explore-grid .tile")
        assert len(tiles) > first_page, f"the second page added no tiles ({len(tiles)})"
        ids = [t.get_attribute("data-post-id") for t in tiles]
        assert len(ids) == len(set(ids)), "a post appears twice in Explore"
        # "Why am I seeing this" from the keyboard: focus a tile, press i; Escape closes and focus returns.
        a.d.execute_script("scrollTo(0, 0)")
        tile = a.els(".explore-grid .tile")[0]
        tile.send_keys("i")
        sheet = a.el(".sheet")
        assert "seeing this" in sheet.text.lower(), sheet.text
        assert sheet.find_elements(By.CSS_SELECTOR, "li"), f"no reasons in {sheet.text!r}"
        a.d.switch_to.active_element.send_keys(Keys.ESCAPE)
        a.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, ".sheet"), what="the sheet to close")
        assert a.d.switch_to.active_element == tile, "focus did not return to the tile"

    def step_search(self):
        """The top bar's search: Enter opens results (typo-tolerant for people), a result opens the profile."""
        a = self.a
        author = self.world["authors"][0][2]
        box = a.el('#topbar input[type="search"]')
        box.send_keys(author[:-1], Keys.ENTER)
        a.wait(lambda d: "/app/search" in d.current_url, what="the search page")
        a.click(f'.list a.row[href="/app/u/{author}"]')
        a.wait(lambda d: d.current_url.endswith(f"/app/u/{author}"), what="the profile from search")
        a.el(".profile-head")

    def step_profile(self):
        a = self.a
        a.go(f"/app/u/{self.username}")
        a.el(".profile-head")
        a.el(f'.grid .tile[data-post-id="{self.post_id}"]')
        a.wait(lambda d: a.images_loaded(".grid .tile img"), timeout=30, what="the profile grid")
        assert "Edit profile" in a.el(".profile-head").text
        # Someone else's profile: follow, then the button says Following and the follower count grows.
        a.go(f"/app/u/{self.world['authors'][0][2]}")
        follow = a.el("button.follow")
        assert follow.text in ("Follow", "Follow back"), follow.text
        follow.click()
        a.wait(lambda d: follow.text == "Following", what="Following")
        a.wait(lambda d: "1 follower" in [li.text for li in a.els(".profile-head .counts li")], what="the follower count")
        a.wait(lambda d: len(a.els(".grid .tile")) == 6 and a.images_loaded(".grid .tile img"), timeout=30, what="the author's grid")
        a.screenshot(self.shots, "profile.png")
        # A private account: a notice instead of the grid, and following it is a request.
        a.go(f"/app/u/{self.world['private']}")
        assert "This account is private" in a.el(".private-notice").text
        assert not a.els(".grid .tile")
        follow = a.el("button.follow")
        follow.click()
        a.wait(lambda d: follow.text == "Requested", what="Requested")
        a.wait(lambda d: "waiting for approval" in a.el(".private-notice").text, what="the request notice")

    def step_stories(self):
        """Home after following someone: their story leads the tray (unseen), the viewer shows it, and the
        ring turns seen."""
        a = self.a
        author = self.world["authors"][0][2]
        a.click("#topbar a.logo")
        bubble = a.el(f'.stories-tray .story-bubble.unseen[aria-label^="Story by {author}"]')
        a.el("article.post")
        a.wait(lambda d: a.images_loaded("article.post .media img"), timeout=30, what="feed images")
        a.d.execute_script("scrollTo(0, 0)")
        a.screenshot(self.shots, "feed.png")
        bubble.click()
        viewer = a.el(".story-viewer")
        a.wait(lambda d: d.execute_script("const i = document.querySelector('.story-frame img'); return i.complete && i.naturalWidth > 0"),
               what="the story photo")
        assert viewer.find_element(By.CSS_SELECTOR, ".story-frame img").get_attribute("alt") == f"Story by {author}"
        a.d.switch_to.active_element.send_keys(Keys.ESCAPE)
        a.wait(lambda d: not d.find_elements(By.CSS_SELECTOR, ".story-viewer"), what="the viewer to close")
        a.wait(lambda d: "unseen" not in bubble.get_attribute("class"), what="the ring to turn seen")

    def step_dm(self):
        bo_client, bo_id, bo_name = self.world["bo"]
        self.b = Page(browser(), self.base, "bo")
        b = self.b
        b.go("/app/login")
        b.type('input[name="username"]', bo_name)
        b.type('input[name="password"]', PASSWORD)
        b.click('button[type="submit"]')
        b.el(".home")
        b.go("/app/direct")
        b.el(".inbox")
        b.wait(lambda d: d.execute_script("return document.documentElement.dataset.realtime") == "open", what="the live connection")
        # Ana's caption mentioned Bo: one unread notification; Ana following Bo adds one, live.
        b.wait(lambda d: b.badge("/app/notifications") >= 1, what="the unread notifications badge")
        before = b.badge("/app/notifications")
        a = self.a
        a.go(f"/app/u/{bo_name}")
        follow = a.el("button.follow")
        follow.click()
        a.wait(lambda d: follow.text == "Following", what="Following bo")
        b.wait(lambda d: b.badge("/app/notifications") == before + 1, what="the notification badge to count the follow live")
        a.click(".profile-head button:not(.follow)")  # Message
        a.wait(lambda d: "/app/direct/" in d.current_url, what="the conversation to open")
        a.wait(lambda d: bo_name in d.find_element(By.CSS_SELECTOR, ".thread-head").text, what="bo's name on the conversation")
        text = f"hi bo, this is ana ({self.run_id})"
        a.type(".composer-bar input", text)
        a.d.find_element(By.CSS_SELECTOR, ".composer-bar input").send_keys(Keys.ENTER)
        a.wait(lambda d: any(m.text == text and "pending" not in m.get_attribute("class") for m in d.find_elements(By.CSS_SELECTOR, ".msg.mine")),
               what="the message to be sent")
        # Bo's inbox and message badge show it without a reload (the WebSocket), then the thread and a reply.
        b.wait(lambda d: text[:20] in d.find_element(By.CSS_SELECTOR, ".inbox").text, timeout=15, what="the message to arrive live in bo's inbox")
        b.wait(lambda d: b.badge("/app/direct") == 1, what="bo's unread messages badge")
        row = next(r for r in b.els(".inbox a.row") if text[:20] in r.text)
        row.click()
        b.wait(lambda d: any(m.text == text for m in d.find_elements(By.CSS_SELECTOR, ".msg")), what="the message in bo's thread")
        reply = "hey ana, welcome!"
        b.type(".composer-bar input", reply)
        b.d.find_element(By.CSS_SELECTOR, ".composer-bar input").send_keys(Keys.ENTER)
        a.wait(lambda d: any(m.text == reply for m in d.find_elements(By.CSS_SELECTOR, ".msg:not(.mine)")), timeout=15,
               what="bo's reply to arrive live in ana's open conversation")
        # Ana had the conversation open, so the reply counts as read.
        ana = self.ana_api()
        a.wait(lambda d: all(t["unread_count"] == 0 for t in ana.call("GET", "/api/v1/direct/inbox")["threads"]),
               what="the reply to be marked read")
        a.screenshot(self.shots, "direct.png")

    def step_phone(self):
        """A phone-sized viewport: bottom tab bar, nothing wider than the screen."""
        a = self.a
        a.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
        try:
            for path in ("/", "/app/explore", f"/app/u/{self.username}", "/app/direct"):
                a.go(path)
                a.el("#tabbar")
                a.wait(lambda d: d.execute_script("return document.querySelector('#view').children.length > 0"), what=f"{path} to render")
                layout = a.d.execute_script("""
                    const bar = document.getElementById('tabbar').getBoundingClientRect();
                    return {w: innerWidth, h: innerHeight, scroll: document.documentElement.scrollWidth, barBottom: bar.bottom, barTop: bar.top};""")
                assert layout["w"] == 390, f"{path}: the page is wider than the phone ({layout})"
                assert layout["scroll"] <= layout["w"], f"{path}: content overflows sideways ({layout})"
                assert abs(layout["barBottom"] - layout["h"]) <= 1 and layout["barTop"] > layout["h"] - 80, f"{path}: no bottom tab bar ({layout})"
            a.go("/")
            a.el("article.post")
            a.wait(lambda d: a.images_loaded("article.post .media img"), timeout=30, what="feed images")
            a.screenshot(self.shots, "phone-feed.png")
        finally:
            a.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    steps = ["seed", "signup", "upload", "feed", "like", "comment", "explore", "search", "profile", "stories", "dm", "phone"]

    def run(self, only=None):
        failed = None
        for name in self.steps:
            if only and name not in only:
                continue
            start = time.time()
            try:
                getattr(self, "step_" + name)()
                print(f"ok   {name} ({time.time() - start:.1f} s)")
            except Exception as e:
                failed = name
                print(f"FAIL {name}: {e}")
                traceback.print_exc()
                for page in (self.a, self.b):
                    if page:
                        page.screenshot(self.shots, f"failure-{name}-{page.name}.png")
                break
        # A script error in the client fails the run even when every step passed.
        for page in (self.a, self.b):
            if page:
                errors = page.console_errors()
                for line in errors[-10:]:
                    print(f"  console[{page.name}]: {line}")
                uncaught = [e for e in errors if "Uncaught" in e]
                if uncaught and not failed:
                    failed = "console"
                    print(f"FAIL console: {len(uncaught)} uncaught script error(s) in {page.name}'s browser")
                page.d.quit()
        return failed is None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--base-url", required=True)
    p.add_argument("--screenshots", required=True)
    args = p.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    only = [s for s in os.environ.get("BROWSER_STEPS", "").split(",") if s]
    ok = Scenario(args.base_url, args.screenshots).run(only)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
